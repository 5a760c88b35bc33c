package campaign

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Real codes, each confirmed by a second source besides our own algorithm: the python-stdnum test
// suite (tests/test_cn_uscc.doctest, "found online"), company registers quoted in public
// repositories (Baidu), and the standard's worked example.
var realCreditCodes = []struct{ name, code string }{
	{"Baidu Netcom, old numeric org code", "91110000802100433B"},
	{"GB 32100 worked example, corrected", "91350100M000100Y43"},
	{"public institution (12), Guangdong", "12440600MB2C07549J"},
	{"public institution (12), Tianjin", "121200004013590816"},
	{"company, Beijing", "91110000600037341L"},
	{"company, Inner Mongolia, check 0", "911522010783762860"},
	{"company, X in org code check", "9115220107837757XE"},
	{"company, X in both checks", "9115220107839138X8"},
	{"company, MA code, Shanghai", "91310115MA1K3BTP2B"},
	{"company, MA code, Anhui", "91340600MA2PBM9HXD"},
	{"company, MA code, org check X", "91340621MA2PEMUHX8"},
	{"company, L org code, Gansu", "91620105L015101280"},
	{"company, Shenzhen", "9144030071526726XG"},
	{"sole trader (92), MA code", "92340602MA2PBMEM24"},
	{"sole trader (92), org check X", "92340621MA2PBN0KXX"},
	{"sole trader (92), check 0", "92340604MA2PENA300"},
}

func TestCheckCreditCode(t *testing.T) {
	for _, tc := range realCreditCodes {
		t.Run("valid "+tc.name, func(t *testing.T) {
			if err := CheckCreditCode(tc.code); err != nil {
				t.Errorf("CheckCreditCode(%s) = %v, want nil", tc.code, err)
			}
		})
	}
	invalid := []struct {
		name, code, wantInMsg string
	}{
		{"empty", "", "18 位"},
		{"17 characters", "91110000802100433", "须为 18 位"},
		{"19 characters", "91110000802100433BB", "须为 18 位"},
		{"GB example as printed: Z is no code character", "91350100M000100Y4Z", "I、O、S、V、Z"},
		{"GB example with another wrong check", "91350100M000100Y44", "校验位错误"},
		{"Baidu with wrong check", "91110000802100433C", "校验位错误"},
		{"two digits swapped", "91110000082100433B", "校验位错误"},
		{"Xiamen pilot code before the standard", "91350203M0001FUE2P", "校验位错误"},
		// position 18 recomputed after a typo in position 17: only the organization code check sees it
		{"org code check wrong, main check right", withMainCheck("9111000080210043" + "4"), "组织机构代码"},
		{"lower case", "91110000802100433b", "大写"},
		{"lower case inside", "91110000ma2pbm9hxd", "大写"},
		{"letter I", "9111000080210043IB", "I、O、S、V、Z"},
		{"letter O", "91110000O02100433B", "I、O、S、V、Z"},
		{"letter Z", "91110000802100433Z", "I、O、S、V、Z"},
		{"letter S", "S1110000802100433B", "I、O、S、V、Z"},
		{"letter V", "9V110000802100433B", "I、O、S、V、Z"},
		{"space inside", "91110000 802100433", "空格"},
		{"leading space", " 91110000802100433", "空格"},
		{"hyphen", "91110000-80210043B", "无效字符"},
		{"full-width digit", "９1110000802100433B", "无效字符"},
		{"Chinese character", "91110000802100433号", "无效字符"},
		{"letter in region code", "911A0000802100433B", "行政区划码"},
		{"invalid UTF-8", "9111000080210043\xff", "无效字符"},
	}
	for _, tc := range invalid {
		t.Run("invalid "+tc.name, func(t *testing.T) {
			err := CheckCreditCode(tc.code)
			if err == nil {
				t.Fatalf("CheckCreditCode(%q) = nil, want an error", tc.code)
			}
			if !strings.Contains(err.Error(), tc.wantInMsg) {
				t.Errorf("CheckCreditCode(%q) = %q, want it to mention %q", tc.code, err, tc.wantInMsg)
			}
			if !strings.Contains(err.Error(), "(") {
				t.Errorf("message %q has no English part", err)
			}
		})
	}
}

// withMainCheck appends the right position-18 character to 17 characters.
func withMainCheck(first17 string) string {
	c, err := CreditCodeCheckChar(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(c)
}

func TestCreditCodeCheckChar(t *testing.T) {
	tests := []struct {
		name    string
		first17 string
		want    byte
		wantErr bool
	}{
		{"GB worked example (sum 1640, mod 31 = 28)", "91350100M000100Y4", '3', false},
		{"Baidu", "91110000802100433", 'B', false},
		{"value 0 gives 0, not the 32nd character", "91152201078376286", '0', false},
		{"too short", "9111000080210043", 0, true},
		{"too long", "911100008021004333", 0, true},
		{"forbidden letter", "9111000080210043O", 0, true},
		{"lower case", "91110000802100433"[:16] + "b", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CreditCodeCheckChar(tc.first17)
			if (err != nil) != tc.wantErr {
				t.Fatalf("CreditCodeCheckChar(%q) error = %v, want error %v", tc.first17, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("CreditCodeCheckChar(%q) = %q, want %q", tc.first17, got, tc.want)
			}
		})
	}
}

func TestOrgCodeCheckChar(t *testing.T) {
	// organization codes as printed on old certificates (xxxxxxxx-x)
	tests := []struct{ first8, want string }{
		{"80210043", "3"}, // Baidu
		{"07837757", "X"},
		{"MA2PBM9H", "X"},
		{"MA2PENA3", "0"},
	}
	for _, tc := range tests {
		t.Run(tc.first8, func(t *testing.T) {
			if got := string(orgCodeCheckChar(tc.first8)); got != tc.want {
				t.Errorf("orgCodeCheckChar(%s) = %s, want %s", tc.first8, got, tc.want)
			}
		})
	}
}

func TestNewCreditCodeRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, prefix := range []string{"91", "92", "93", "12", "11", "52", "71", "Y1"} {
		t.Run(prefix, func(t *testing.T) {
			seen := map[string]bool{}
			for range 2000 {
				code := NewCreditCode(rnd, prefix, "140602")
				if err := CheckCreditCode(code); err != nil {
					t.Fatalf("generated %s: %v", code, err)
				}
				if !strings.HasPrefix(code, prefix+"140602") {
					t.Fatalf("generated %s lacks prefix and region", code)
				}
				seen[code] = true
			}
			if len(seen) < 1990 {
				t.Errorf("only %d distinct codes in 2000", len(seen))
			}
		})
	}
	t.Run("same source, same codes", func(t *testing.T) {
		a := NewCreditCode(rand.New(rand.NewPCG(7, 7)), "91", "140681")
		b := NewCreditCode(rand.New(rand.NewPCG(7, 7)), "91", "140681")
		if a != b {
			t.Errorf("%s != %s", a, b)
		}
	})
}

func TestNewCreditCodePanicsOnBadArguments(t *testing.T) {
	for _, tc := range []struct{ name, prefix, region string }{
		{"short prefix", "9", "140602"},
		{"forbidden prefix letter", "9I", "140602"},
		{"letter in region", "91", "14060A"},
		{"short region", "91", "1406"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("NewCreditCode(%q, %q) did not panic", tc.prefix, tc.region)
				}
			}()
			NewCreditCode(rand.New(rand.NewPCG(1, 1)), tc.prefix, tc.region)
		})
	}
}

func FuzzCheckCreditCode(f *testing.F) {
	for _, tc := range realCreditCodes {
		f.Add(tc.code)
	}
	for _, s := range []string{"", "91110000802100433b", "91350100M000100Y4Z", "９1110000802100433B", "9111000080210043\xff", strings.Repeat("0", 18)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		err := CheckCreditCode(code)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("empty message for %q", code)
			}
			return
		}
		if len(code) != 18 {
			t.Fatalf("accepted %q of %d bytes", code, len(code))
		}
		for i := range 18 {
			if !strings.ContainsRune(creditAlphabet, rune(code[i])) {
				t.Fatalf("accepted %q with %q at position %d", code, code[i], i+1)
			}
		}
		check, err := CreditCodeCheckChar(code[:17])
		if err != nil || check != code[17] {
			t.Fatalf("accepted %q but its check character is %q (%v)", code, check, err)
		}
		for i := range len(creditAlphabet) {
			if c := creditAlphabet[i]; c != code[17] {
				if CheckCreditCode(code[:17]+string(c)) == nil {
					t.Fatalf("accepted %q and also %q", code, code[:17]+string(c))
				}
			}
		}
	})
}
