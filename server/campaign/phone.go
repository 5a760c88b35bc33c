package campaign

import (
	"errors"
	"strings"
)

// ShuozhouAreaCode is the trunk prefix of Shuozhou's landlines. The register only takes local
// landlines: the units, their principals and safety officers are all in the city, and one fixed
// prefix keeps the numbers comparable and the check strict.
const ShuozhouAreaCode = "0349"

// IsMobile reports whether s is a mainland mobile number: 11 digits starting 13-19.
func IsMobile(s string) bool {
	return len(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && allDigits(s)
}

// isLandline reports whether s is a Shuozhou landline written 0349-1234567 (7 or 8 digits).
func isLandline(s string) bool {
	local, ok := strings.CutPrefix(s, ShuozhouAreaCode+"-")
	return ok && (len(local) == 7 || len(local) == 8) && allDigits(local)
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// CheckPhone reports whether s is a mobile number or a Shuozhou landline. Like CheckCreditCode
// it takes the input as typed after trimming and returns a plain error whose message (Chinese,
// English in brackets) can be shown to the user.
func CheckPhone(s string) error {
	switch {
	case IsMobile(s) || isLandline(s):
		return nil
	case s == "":
		return errors.New("请填写电话号码 (phone number required)")
	case strings.HasPrefix(s, "0") && strings.Contains(s, "-") && !strings.HasPrefix(s, ShuozhouAreaCode+"-"):
		return errors.New("固定电话须使用朔州区号 0349 (landlines must have Shuozhou's area code 0349)")
	case strings.HasPrefix(s, ShuozhouAreaCode):
		return errors.New("固定电话格式为 0349- 加 7 或 8 位号码，如 0349-2021234 (write landlines as 0349- and 7 or 8 digits, e.g. 0349-2021234)")
	case strings.HasPrefix(s, "1") && allDigits(s):
		return errors.New("手机号码须为 11 位，以 13-19 开头 (a mobile number has 11 digits and starts with 13-19)")
	default:
		return errors.New("电话号码须为 11 位手机号码或 0349- 开头的固定电话 (must be an 11-digit mobile number or a landline 0349-xxxxxxx)")
	}
}
