package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// machine describes where the benchmark ran.
func (e *env) machine() []string {
	return []string{
		"CPU: " + cpuModel(),
		fmt.Sprintf("cores: %d", runtime.NumCPU()),
		"memory: " + memTotal(),
		"OS: " + firstLine("uname", "-sr"),
		"Go: " + runtime.Version(),
		"quarry: built from commit " + firstLine("git", "-C", "..", "rev-parse", "--short", "HEAD") + " plus the work tree at the time of the run",
		"load average (1, 5, 15 min) at the end: " + loadAvg(),
		"DuckDB: " + firstLine(e.self, "duckdb-run", "-version") + " (github.com/duckdb/duckdb-go/v2)",
		"pandas: " + firstLine(e.python, "-c", "import pandas,sys; print(pandas.__version__, 'on Python', sys.version.split()[0])"),
		"fail2ban: " + firstLine("fail2ban-regex", "--version"),
	}
}

func cpuModel() string {
	return procField("/proc/cpuinfo", "model name")
}

func memTotal() string {
	return procField("/proc/meminfo", "MemTotal")
}

// procField returns the value of the first "key: value" line of a /proc
// file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// firstLine runs a command and returns the first line it prints.
func firstLine(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "not available"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// loadAvg is the first three fields of /proc/loadavg: other work on the
// machine makes wall times noisy, so the report says how busy it was.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], ", ")
}
