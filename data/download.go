package data

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// DownloadOptions configures Download. Give at least one checksum: a file
// without one is accepted as it arrives.
type DownloadOptions struct {
	SHA256 string       // expected SHA-256, hex; checked when set
	MD5    string       // expected MD5, hex; checked when set
	Client *http.Client // default http.DefaultClient
	// Retries is how many times a transfer cut short is resumed before
	// giving up; default 3.
	Retries int
	// Progress, when set, is called as bytes arrive with the bytes on disk
	// and the total (-1 when the server does not say).
	Progress func(done, total int64)
}

// Download fetches url into the file dst. The bytes go to dst+".part"
// first; a transfer cut short (by an error, a cancelled ctx or a killed
// process) leaves it there, and the next Download resumes it with an HTTP
// Range request (starting again when the server ignores ranges). The
// complete file is checked against the checksums, synced and renamed to
// dst; on a mismatch the partial file is removed. A dst already present
// is checked and kept.
func Download(ctx context.Context, url, dst string, opts DownloadOptions) error {
	if opts.Client == nil {
		opts.Client = http.DefaultClient
	}
	if opts.Retries == 0 {
		opts.Retries = 3
	}
	if _, err := os.Stat(dst); err == nil {
		if err := verify(dst, opts); err != nil {
			return fmt.Errorf("data: %s exists but %w: delete it to download it again",
				dst, err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("data: download %s: %w", url, err)
	}
	part := dst + ".part"
	if err := fetchPart(ctx, url, part, opts); err != nil {
		return fmt.Errorf("data: download %s: %w (rerun to resume)", url, err)
	}
	if err := verify(part, opts); err != nil {
		os.Remove(part)
		return fmt.Errorf("data: download %s: %w: the download was removed; "+
			"check the URL or the checksum", url, err)
	}
	if err := os.Rename(part, dst); err != nil {
		return fmt.Errorf("data: download %s: %w", url, err)
	}
	return nil
}

// fetchPart transfers url into part until it is complete, resuming up to
// opts.Retries times after a transfer cut short.
func fetchPart(ctx context.Context, url, part string, opts DownloadOptions) error {
	var err error
	for try := 0; try <= opts.Retries; try++ {
		var done bool
		done, err = fetchOnce(ctx, url, part, opts)
		if done || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// fetchOnce makes one request for the bytes of url that part lacks and
// appends them. It reports done when the transfer need not be retried:
// the file is complete or the failure is not a cut transfer.
func fetchOnce(ctx context.Context, url, part string, opts DownloadOptions) (bool, error) {
	have := fileSize(part)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return true, err
	}
	if have > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
	}
	resp, err := opts.Client.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && have > 0:
		return true, nil // part holds every byte; verify decides
	case resp.StatusCode == http.StatusPartialContent && have > 0:
		if start := rangeStart(resp.Header.Get("Content-Range")); start != have {
			return true, fmt.Errorf("server resumed at byte %d, want %d", start, have)
		}
	case resp.StatusCode == http.StatusOK:
		have = 0 // the server sends everything: start again
	default:
		return true, fmt.Errorf("HTTP %s", resp.Status)
	}
	return appendBody(resp, part, have, opts)
}

// appendBody writes resp's body into part from offset have.
func appendBody(resp *http.Response, part string, have int64, opts DownloadOptions) (
	bool, error) {
	flag := os.O_WRONLY | os.O_CREATE | os.O_APPEND
	if have == 0 {
		flag |= os.O_TRUNC
	}
	f, err := os.OpenFile(part, flag, 0o644)
	if err != nil {
		return true, err
	}
	total := int64(-1)
	if resp.ContentLength >= 0 {
		total = have + resp.ContentLength
	}
	w := &progressWriter{w: f, done: have, total: total, report: opts.Progress}
	_, copyErr := io.Copy(w, resp.Body)
	syncErr := f.Sync()
	if err := f.Close(); copyErr == nil {
		copyErr = errors.Join(syncErr, err)
	}
	if copyErr != nil {
		return false, copyErr
	}
	if total >= 0 && w.done != total {
		return false, fmt.Errorf("transfer cut short at byte %d of %d", w.done, total)
	}
	return true, nil
}

// progressWriter counts the bytes written and reports them.
type progressWriter struct {
	w           io.Writer
	done, total int64
	report      func(done, total int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	if p.report != nil {
		p.report(p.done, p.total)
	}
	return n, err
}

// rangeStart is the first byte of a Content-Range "bytes a-b/n", -1 when
// it cannot be read.
func rangeStart(h string) int64 {
	s, ok := strings.CutPrefix(h, "bytes ")
	if !ok {
		return -1
	}
	a, _, ok := strings.Cut(s, "-")
	v, err := strconv.ParseInt(a, 10, 64)
	if !ok || err != nil {
		return -1
	}
	return v
}

// fileSize is the size of the file at p, 0 when there is none.
func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

// verify checks the file at p against the checksums of opts.
func verify(p string, opts DownloadOptions) error {
	sums := []struct {
		name, want string
		h          hash.Hash
	}{{"sha256", opts.SHA256, sha256.New()}, {"md5", opts.MD5, md5.New()}}
	var ws []io.Writer
	for _, s := range sums {
		if s.want != "" {
			ws = append(ws, s.h)
		}
	}
	if len(ws) == 0 {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(io.MultiWriter(ws...), f); err != nil {
		return err
	}
	for _, s := range sums {
		got := hex.EncodeToString(s.h.Sum(nil))
		if s.want != "" && !strings.EqualFold(got, s.want) {
			return formatErr("%s checksum %s, want %s", s.name, got, s.want)
		}
	}
	return nil
}
