// Command hclbench parses one HCL file with HashiCorp's hclsyntax.ParseConfig
// repeatedly and prints ns/op, MB/s and allocated bytes per op, for comparison
// with bench/HclBench (the .NET side). Wall time and process CPU time are both
// reported because the benchmark machine is shared.
//
// Usage: hclbench FILE [ITERATIONS]
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: hclbench FILE [ITERATIONS]")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	iterations := 20
	if len(os.Args) >= 3 {
		if iterations, err = strconv.Atoi(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}

	parse := func() *hcl.File {
		file, diags := hclsyntax.ParseConfig(src, os.Args[1], hcl.InitialPos)
		if diags.HasErrors() {
			fmt.Fprintln(os.Stderr, diags.Error())
			os.Exit(1)
		}
		return file
	}
	for i := 0; i < 3; i++ { // warm-up
		parse()
	}
	runtime.GC()

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	start := time.Now()
	var keep *hcl.File
	for i := 0; i < iterations; i++ {
		keep = parse()
	}
	wall := time.Since(start)
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)

	mb := float64(len(src)) / (1024 * 1024)
	nsOp := float64(wall.Nanoseconds()) / float64(iterations)
	cpuOp := float64(cpu.Nanoseconds()) / float64(iterations)
	allocOp := float64(after.TotalAlloc-before.TotalAlloc) / float64(iterations)
	fmt.Printf("go %s: %s %.2f MB, %d iterations\n", runtime.Version(), os.Args[1], mb, iterations)
	fmt.Printf("ns/op %.0f  MB/s %.1f  cpu-ns/op %.0f  cpu-MB/s %.1f  alloc-MB/op %.1f  alloc-bytes/input-MB %.0f\n",
		nsOp, mb/(nsOp/1e9), cpuOp, mb/(cpuOp/1e9), allocOp/(1024*1024), allocOp/mb)
	// Machine-readable line for run.sh.
	fmt.Printf("RESULT bytes=%d ns_op=%.0f cpu_ns_op=%.0f alloc_op=%.0f\n", len(src), nsOp, cpuOp, allocOp)
}
