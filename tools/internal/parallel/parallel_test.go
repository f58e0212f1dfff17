package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"

	qt "github.com/frankban/quicktest"
)

func TestEachCallsEveryIndexOnceWithinTheCoreLimit(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]int32, n)
		var running, peak atomic.Int32
		Each(n, func(i int) {
			r := running.Add(1)
			for {
				p := peak.Load()
				if r <= p || peak.CompareAndSwap(p, r) {
					break
				}
			}
			atomic.AddInt32(&seen[i], 1)
			running.Add(-1)
		})
		for i, c := range seen {
			qt.Assert(t, c, qt.Equals, int32(1), qt.Commentf("n=%d, index %d", n, i))
		}
		qt.Assert(t, int(peak.Load()) <= runtime.GOMAXPROCS(0), qt.IsTrue)
	}
}
