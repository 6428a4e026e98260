package table

// Resident is implemented by tables whose rows are held in memory, already
// decoded, so that a scan only hands out their vectors. The executor does
// not share one scan of such a table among several summarizes (exec's
// shared scans): there is no decoding to save, and the coordination costs
// goroutines at every run and keeps a rule's operators from being reused
// between the ticks of a hunt.
type Resident interface {
	Resident() bool
}

// IsResident reports whether t says it is Resident.
func IsResident(t Table) bool {
	r, ok := t.(Resident)
	return ok && r.Resident()
}

// Resident reports true: a Memory table's rows are in memory.
func (m *Memory) Resident() bool { return true }
