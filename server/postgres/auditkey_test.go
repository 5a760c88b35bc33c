package postgres

import "testing"

func TestAuditKey(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "CountyCode": "countyCode", "IDCard": "idCard", "UnitID": "unitID", "name": "name", "": "", "URL": "url",
	} {
		if got := AuditKey(in); got != want {
			t.Errorf("AuditKey(%q) = %q, want %q", in, got, want)
		}
	}
}
