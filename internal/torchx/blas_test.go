package torchx

import "testing"

func TestBLASThreads(t *testing.T) {
	before := BLASThreads()
	if before == 0 {
		if SetBLASThreads(1) {
			t.Fatal("SetBLASThreads succeeded without OpenBLAS")
		}
		t.Skip("the BLAS in this process is not OpenBLAS (run scripts/setup.sh as root)")
	}
	defer SetBLASThreads(before)
	for _, n := range []int{1, 2} {
		if !SetBLASThreads(n) {
			t.Fatalf("SetBLASThreads(%d) = false with OpenBLAS", n)
		}
		if got := BLASThreads(); got != n {
			t.Errorf("BLASThreads() = %d after SetBLASThreads(%d)", got, n)
		}
	}
}
