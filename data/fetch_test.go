package data

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

func TestFetchRemotes(t *testing.T) {
	a, shaA, _ := payload(3000)
	b, _, md5B := payload(5000)
	mux := http.NewServeMux()
	mux.Handle("/a", &fileServer{body: a, ranges: true})
	mux.Handle("/b", &fileServer{body: b, ranges: true})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	files := []Remote{{URL: srv.URL + "/a", File: "set/a.gz", SHA256: shaA},
		{URL: srv.URL + "/b", File: "b.txt", MD5: md5B}}
	paths, err := fetchRemotes(context.Background(), files, dir, DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "set", "a.gz"), filepath.Join(dir, "b.txt")}
	for i, p := range want {
		if paths[i] != p || fileSize(p) == 0 {
			t.Errorf("path %d = %s (size %d), want %s", i, paths[i], fileSize(p), p)
		}
	}
}

func TestFetchUnknown(t *testing.T) {
	_, err := Fetch(context.Background(), "imagenet", t.TempDir(), DownloadOptions{})
	wantErr(t, err, ErrNotFound, "imagenet", "cifar10", "mnist")
}

func TestRemotesCoverOpenNames(t *testing.T) {
	for _, name := range []string{"mnist", "fashion-mnist", "cifar10", "tinyshakespeare"} {
		files, ok := Remotes(name)
		if !ok || len(files) == 0 {
			t.Errorf("no remote files for %s", name)
		}
		for _, f := range files {
			if f.MD5 == "" && f.SHA256 == "" {
				t.Errorf("%s has no checksum", f.URL)
			}
		}
	}
}
