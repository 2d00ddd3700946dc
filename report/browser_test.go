package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium is Debian's browser, which scripts/setup.sh --browser installs.
const chromium = "/usr/bin/chromium"

// runChromium runs headless chromium with args on a profile of its own and
// returns its standard output.
func runChromium(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not found: run scripts/setup.sh --browser (or apt-get install "+
			"chromium) to test the run page in a browser", chromium)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String()
}

// TestIndexInBrowser opens a run page in headless chromium: a screenshot
// that is not blank, and every image of the page loaded.
func TestIndexInBrowser(t *testing.T) {
	dir := testRunDir(t)
	if err := WriteIndex(dir, IndexOptions{Status: "running: iteration 200 of 300",
		Refresh: 30 * time.Second}); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(dir, "index.html")

	// Screenshot the page as a user's window shows it.
	shot := filepath.Join(t.TempDir(), "index.png")
	runChromium(t, "--screenshot="+shot, "--window-size=1200,900", "file://"+index)
	img := decodePNG(t, shot, 1200, 900)
	assertNotBlank(t, img, 50)
	if out := os.Getenv("SGAN_SCREENSHOT"); out != "" {
		raw, _ := os.ReadFile(shot)
		if err := os.WriteFile(out, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Count the images that did not load, from a copy of the page beside it
	// (same relative paths) with a script that writes the count into the
	// DOM once the page has loaded.
	page, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	check := strings.Replace(string(page), "</body>", `<script>
window.addEventListener("load", function () {
  var imgs = document.images, broken = 0;
  for (var i = 0; i < imgs.length; i++) {
    if (!imgs[i].complete || imgs[i].naturalWidth === 0) { broken++; }
  }
  var p = document.createElement("p");
  p.id = "result";
  p.textContent = "images=" + imgs.length + " broken=" + broken;
  document.body.appendChild(p);
});
</script>
</body>`, 1)
	checkPath := filepath.Join(dir, "check.html")
	if err := os.WriteFile(checkPath, []byte(check), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, "--virtual-time-budget=10000", "--dump-dom", "file://"+checkPath)
	m := regexp.MustCompile(`images=(\d+) broken=(\d+)`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("no result in the dumped DOM:\n%.2000s", dom)
	}
	if m[1] != "7" || m[2] != "0" {
		t.Errorf("%s images, %s broken; want 7 images, none broken", m[1], m[2])
	}
}
