package data

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fileServer serves body at every path and records what it was asked.
type fileServer struct {
	body     []byte
	ranges   bool // honour Range requests
	cutFirst int  // when > 0, the first response stops after this many bytes
	mu       sync.Mutex
	requests []string // the Range header of each request
	sent     int64    // body bytes written
}

func (s *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Header.Get("Range"))
	first := len(s.requests) == 1
	s.mu.Unlock()
	cw := &countingWriter{ResponseWriter: w, s: s, limit: -1}
	if first && s.cutFirst > 0 {
		cw.limit = s.cutFirst
	}
	if !s.ranges {
		r.Header.Del("Range")
	}
	http.ServeContent(cw, r, "f", time.Time{}, bytes.NewReader(s.body))
}

// countingWriter counts body bytes and aborts the connection after limit.
type countingWriter struct {
	http.ResponseWriter
	s     *fileServer
	limit int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	// Count before writing, so that the client never holds bytes that are
	// not counted yet.
	if c.limit >= 0 && len(b) > c.limit {
		b = b[:c.limit]
		c.count(len(b))
		c.ResponseWriter.Write(b)
		c.ResponseWriter.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	if c.limit >= 0 {
		c.limit -= len(b)
	}
	c.count(len(b))
	return c.ResponseWriter.Write(b)
}

// bytesSent is the number of body bytes written so far.
func (s *fileServer) bytesSent() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

// rangeHeaders is the Range header of every request so far.
func (s *fileServer) rangeHeaders() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (c *countingWriter) count(n int) {
	c.s.mu.Lock()
	c.s.sent += int64(n)
	c.s.mu.Unlock()
}

func payload(n int) ([]byte, string, string) {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + i/7)
	}
	s := sha256.Sum256(b)
	m := md5.Sum(b)
	return b, hex.EncodeToString(s[:]), hex.EncodeToString(m[:])
}

func serve(t *testing.T, fs *fileServer) string {
	t.Helper()
	srv := httptest.NewServer(fs)
	t.Cleanup(srv.Close)
	return srv.URL + "/data.bin"
}

func TestDownloadFresh(t *testing.T) {
	body, sha, sum := payload(100000)
	fs := &fileServer{body: body, ranges: true}
	dst := filepath.Join(t.TempDir(), "sub", "data.bin")
	var last int64
	opts := DownloadOptions{SHA256: sha, MD5: sum,
		Progress: func(done, total int64) {
			if total != int64(len(body)) {
				t.Errorf("progress total %d, want %d", total, len(body))
			}
			last = done
		}}
	if err := Download(context.Background(), serve(t, fs), dst, opts); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dst)
	if !bytes.Equal(got, body) || last != int64(len(body)) {
		t.Errorf("got %d bytes (progress %d), want %d", len(got), last, len(body))
	}
	if _, err := os.Stat(dst + ".part"); err == nil {
		t.Error("the .part file is left behind")
	}
	// A second call finds the file, checks it and asks the server nothing.
	if err := Download(context.Background(), serve(t, fs), dst, opts); err != nil {
		t.Fatal(err)
	}
	if len(fs.rangeHeaders()) != 1 {
		t.Errorf("%d requests, want 1", len(fs.rangeHeaders()))
	}
}

func TestDownloadResumesPart(t *testing.T) {
	body, sha, _ := payload(50000)
	tests := []struct {
		name       string
		ranges     bool
		wantRange  string
		wantSentAt int64 // body bytes the server sends
	}{
		{"server honours ranges", true, "bytes=20000-", 30000},
		{"server ignores ranges", false, "bytes=20000-", 50000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fileServer{body: body, ranges: tt.ranges}
			dst := filepath.Join(t.TempDir(), "data.bin")
			writeFile(t, filepath.Dir(dst), "data.bin.part", body[:20000])
			err := Download(context.Background(), serve(t, fs), dst,
				DownloadOptions{SHA256: sha})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(dst)
			if !bytes.Equal(got, body) {
				t.Errorf("got %d bytes, not the body", len(got))
			}
			if fs.rangeHeaders()[0] != tt.wantRange || fs.bytesSent() != tt.wantSentAt {
				t.Errorf("request Range %q, %d bytes sent; want %q, %d", fs.rangeHeaders()[0],
					fs.bytesSent(), tt.wantRange, tt.wantSentAt)
			}
		})
	}
}

func TestDownloadRetriesCutTransfer(t *testing.T) {
	body, sha, _ := payload(300000)
	fs := &fileServer{body: body, ranges: true, cutFirst: 70000}
	dst := filepath.Join(t.TempDir(), "data.bin")
	if err := Download(context.Background(), serve(t, fs), dst,
		DownloadOptions{SHA256: sha}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dst)
	if !bytes.Equal(got, body) {
		t.Fatalf("got %d bytes, not the body", len(got))
	}
	if len(fs.rangeHeaders()) != 2 || fs.rangeHeaders()[1] == "" {
		t.Fatalf("requests %q, want a second one with a Range", fs.rangeHeaders())
	}
	start, _ := strconv.Atoi(fs.rangeHeaders()[1][len("bytes=") : len(fs.rangeHeaders()[1])-1])
	if start == 0 || fs.bytesSent() != int64(len(body)) {
		t.Errorf("resumed at %d with %d bytes sent in all; want > 0 and %d (no byte twice)",
			start, fs.bytesSent(), len(body))
	}
}

func TestDownloadCutWithoutRetryLeavesPart(t *testing.T) {
	body, sha, _ := payload(300000)
	fs := &fileServer{body: body, ranges: true, cutFirst: 70000}
	dst := filepath.Join(t.TempDir(), "data.bin")
	ctx, cancel := context.WithCancel(context.Background())
	opts := DownloadOptions{SHA256: sha, Progress: func(done, _ int64) {
		if done >= 60000 {
			cancel() // as an interrupted process would
		}
	}}
	err := Download(ctx, serve(t, fs), dst, opts)
	wantErr(t, err, nil, "rerun to resume")
	if n := fileSize(dst + ".part"); n < 60000 {
		t.Fatalf("part holds %d bytes, want at least 60000", n)
	}
	if err := Download(context.Background(), serve(t, fs), dst,
		DownloadOptions{SHA256: sha}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); !bytes.Equal(got, body) {
		t.Error("the resumed file differs from the body")
	}
}

func TestDownloadChecksumMismatch(t *testing.T) {
	body, _, sum := payload(1000)
	fs := &fileServer{body: body, ranges: true}
	dst := filepath.Join(t.TempDir(), "data.bin")
	bad := "00" + sum[2:]
	err := Download(context.Background(), serve(t, fs), dst, DownloadOptions{MD5: bad})
	wantErr(t, err, ErrFormat, "md5 checksum "+sum, "want "+bad, "removed")
	for _, p := range []string{dst, dst + ".part"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists after a checksum mismatch", p)
		}
	}
	// A file already present with the wrong content is reported, not kept.
	writeFile(t, filepath.Dir(dst), "data.bin", []byte("other"))
	err = Download(context.Background(), serve(t, fs), dst, DownloadOptions{MD5: sum})
	wantErr(t, err, ErrFormat, dst, "delete it")
}

func TestDownloadCompletePart(t *testing.T) {
	body, sha, _ := payload(4000)
	fs := &fileServer{body: body, ranges: true}
	dst := filepath.Join(t.TempDir(), "data.bin")
	writeFile(t, filepath.Dir(dst), "data.bin.part", body)
	if err := Download(context.Background(), serve(t, fs), dst,
		DownloadOptions{SHA256: sha}); err != nil {
		t.Fatal(err)
	}
	// The server answers 416 (range not satisfiable) with a short message.
	got, _ := os.ReadFile(dst)
	if !bytes.Equal(got, body) || fs.rangeHeaders()[0] != "bytes=4000-" {
		t.Errorf("got %d bytes after asking %q; want the body after asking bytes=4000-",
			len(got), fs.rangeHeaders()[0])
	}
}

func TestDownloadHTTPError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	err := Download(context.Background(), srv.URL+"/x", filepath.Join(t.TempDir(), "x"),
		DownloadOptions{})
	wantErr(t, err, nil, srv.URL+"/x", "404")
}
