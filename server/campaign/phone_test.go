package campaign

import (
	"regexp"
	"strings"
	"testing"
)

func TestCheckPhone(t *testing.T) {
	valid := []struct{ name, phone string }{
		{"mobile 13x", "13912345678"},
		{"mobile 15x", "15035401234"},
		{"mobile 19x", "19903490000"},
		{"landline 7 digits", "0349-2021234"},
		{"landline 8 digits", "0349-20212345"},
	}
	for _, tc := range valid {
		t.Run("valid "+tc.name, func(t *testing.T) {
			if err := CheckPhone(tc.phone); err != nil {
				t.Errorf("CheckPhone(%q) = %v", tc.phone, err)
			}
		})
	}
	invalid := []struct{ name, phone, wantInMsg string }{
		{"empty", "", "请填写"},
		{"mobile 10 digits", "1391234567", "11 位"},
		{"mobile 12 digits", "139123456789", "11 位"},
		{"mobile 12x", "12912345678", "13-19"},
		{"mobile with country code", "+8613912345678", "11 位手机号码"},
		{"mobile with spaces", "139 1234 5678", "11 位手机号码"},
		{"mobile with letter", "1391234567O", "11 位手机号码"},
		{"full-width digits", "１３９１２３４５６７８", "11 位手机号码"},
		{"other area code", "010-12345678", "0349"},
		{"other Shanxi area code", "0351-4041234", "0349"},
		{"landline without hyphen", "03492021234", "0349-"},
		{"landline with space", "0349 2021234", "0349-"},
		{"landline 6 digits", "0349-202123", "0349-"},
		{"landline 9 digits", "0349-202123456", "0349-"},
		{"landline with extension", "0349-2021234-801", "0349-"},
		{"local number alone", "2021234", "11 位手机号码"},
	}
	for _, tc := range invalid {
		t.Run("invalid "+tc.name, func(t *testing.T) {
			err := CheckPhone(tc.phone)
			if err == nil {
				t.Fatalf("CheckPhone(%q) = nil, want an error", tc.phone)
			}
			if !strings.Contains(err.Error(), tc.wantInMsg) {
				t.Errorf("CheckPhone(%q) = %q, want it to mention %q", tc.phone, err, tc.wantInMsg)
			}
		})
	}
}

func TestIsMobile(t *testing.T) {
	tests := []struct {
		phone string
		want  bool
	}{
		{"13912345678", true},
		{"19912345678", true},
		{"12912345678", false},
		{"0349-2021234", false},
		{"1391234567", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.phone, func(t *testing.T) {
			if got := IsMobile(tc.phone); got != tc.want {
				t.Errorf("IsMobile(%q) = %v, want %v", tc.phone, got, tc.want)
			}
		})
	}
}

// The database's CHECK on principal_phone and safety_officers.phone (migration 00003) is wider; what
// CheckPhone accepts must always pass it.
var dbPhonePattern = regexp.MustCompile(`^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})$`)

// exactPhonePattern is the rule CheckPhone implements, written the other way.
var exactPhonePattern = regexp.MustCompile(`^(1[3-9][0-9]{9}|0349-[0-9]{7,8})$`)

func FuzzCheckPhone(f *testing.F) {
	for _, s := range []string{"", "13912345678", "0349-2021234", "0349-20212345", "010-12345678", "1391234567", "１３９", "0349-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckPhone(s)
		if want := exactPhonePattern.MatchString(s); (err == nil) != want {
			t.Fatalf("CheckPhone(%q) = %v, but the rule says valid=%v", s, err, want)
		}
		if err == nil && !dbPhonePattern.MatchString(s) {
			t.Fatalf("CheckPhone accepts %q, which the database refuses", s)
		}
		if err != nil && err.Error() == "" {
			t.Fatalf("empty message for %q", s)
		}
		if IsMobile(s) != (len(s) == 11 && exactPhonePattern.MatchString(s)) {
			t.Fatalf("IsMobile(%q) = %v disagrees with the rule", s, IsMobile(s))
		}
	})
}
