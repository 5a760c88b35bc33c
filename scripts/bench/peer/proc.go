package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux everywhere that matters)
const hz = 100

// procCPU is the user+system CPU time a process has used, from /proc/PID/stat.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("CPU of process %d: %w", pid, err)
	}
	s := string(b)
	// the command may contain spaces and parentheses; the fields after the last ')' are fixed
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("CPU of process %d: unexpected /proc/%d/stat", pid, pid)
	}
	return time.Duration(utime+stime) * time.Second / hz, nil
}

func load1() float64 {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// backendCPU follows the CPU of the PostgreSQL backends connected to one database during a run,
// found by their process title ("postgres: … postgres <db> 127.0.0.1(…)"), polled every 250 ms:
// a backend first seen during the run counts from zero, one that exits counts up to its last poll.
type backendCPU struct {
	db         string
	base, last map[int]time.Duration
	done       chan struct{}
	wg         sync.WaitGroup
}

func newBackendCPU(db string) *backendCPU {
	b := &backendCPU{db: db, base: map[int]time.Duration{}, last: map[int]time.Duration{}, done: make(chan struct{})}
	for pid, t := range b.backends() {
		b.base[pid], b.last[pid] = t, t
	}
	b.wg.Go(func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-b.done:
				return
			case <-t.C:
				b.poll()
			}
		}
	})
	return b
}

func (b *backendCPU) backends() map[int]time.Duration {
	out := map[int]time.Duration{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		cmd, err := os.ReadFile(d + "/cmdline")
		if err != nil {
			continue
		}
		title := string(cmd)
		if !strings.HasPrefix(title, "postgres: ") || !strings.Contains(title, " postgres "+b.db+" ") {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(d))
		if t, err := procCPU(pid); err == nil {
			out[pid] = t
		}
	}
	return out
}

func (b *backendCPU) poll() {
	for pid, t := range b.backends() {
		if _, ok := b.base[pid]; !ok {
			b.base[pid] = 0
		}
		b.last[pid] = t
	}
}

// stop ends the polling and returns the backends' CPU in milliseconds.
func (b *backendCPU) stop() float64 {
	close(b.done)
	b.wg.Wait()
	b.poll()
	var sum time.Duration
	for pid, t := range b.last {
		sum += t - b.base[pid]
	}
	return sum.Seconds() * 1000
}
