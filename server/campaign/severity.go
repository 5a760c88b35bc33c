package campaign

// Severity is an accident's class under State Council decree No. 493 (生产安全事故报告和调查处理条例).
type Severity string

const (
	SeverityGeneral       Severity = "GENERAL"       // 一般事故
	SeverityLarger        Severity = "LARGER"        // 较大事故
	SeverityMajor         Severity = "MAJOR"         // 重大事故
	SeverityExtraordinary Severity = "EXTRAORDINARY" // 特别重大事故
)

// severityThresholds are the decree's lower bounds of each class: deaths, serious injuries (重伤,
// including acute industrial poisoning) and direct economic loss in 万元. The decree's "以上"
// includes the number itself, so a bound belongs to the higher class.
var severityThresholds = []struct {
	class                   Severity
	deaths, seriousInjuries int
	lossWan                 float64
}{
	{SeverityExtraordinary, 30, 100, 10000},
	{SeverityMajor, 10, 50, 5000},
	{SeverityLarger, 3, 10, 1000},
}

// SeverityOf classes an accident by the highest class that any of its three measures reaches.
func SeverityOf(deaths, seriousInjuries int, directLossWan float64) Severity {
	for _, t := range severityThresholds {
		if deaths >= t.deaths || seriousInjuries >= t.seriousInjuries || directLossWan >= t.lossWan {
			return t.class
		}
	}
	return SeverityGeneral
}
