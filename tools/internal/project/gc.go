package project

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// The garbage collector during a build. A build of 1000 explainers
// allocates about 5 GB while its live heap grows to some 400 MB; with the
// default GOGC=100 it collected some 75 times, about a tenth of its CPU
// time. During a build the heap may instead grow to heapFloor, or to twice
// the live heap when that is more: never more collections than GOGC=100,
// and no bigger a heap than GOGC=100 once the live heap passes half of
// heapFloor. A 1000-explainer build collects some 25 times, and its peak
// RSS stays around 800 MiB. GOGC or GOMEMLIMIT in the environment take
// precedence.
const heapFloor = 800 << 20

// gcBuilds counts the builds running in the process (tests run several):
// the first sets the collector, the last restores it.
var gcBuilds struct {
	sync.Mutex
	n       int
	restore func()
}

// gcForBuild sets the collector for a build and returns what restores it.
func gcForBuild() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	gcBuilds.Lock()
	defer gcBuilds.Unlock()
	if gcBuilds.n++; gcBuilds.n == 1 {
		gcBuilds.restore = tuneGC()
	}
	return func() {
		gcBuilds.Lock()
		defer gcBuilds.Unlock()
		if gcBuilds.n--; gcBuilds.n == 0 {
			gcBuilds.restore()
		}
	}
}

// tuneGC sets the collector as heapFloor says and returns what restores it.
func tuneGC() (restore func()) {
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(heapFloor)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() { // the limit follows the live heap: at least twice it
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetMemoryLimit(max(heapFloor, 2*int64(sample[0].Value.Uint64())))
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}
}
