package campaign

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// The unified social credit code (统一社会信用代码, GB 32100-2015) has 18 characters:
//
//	1     登记管理部门代码 (registering authority: 1 机构编制, 5 民政, 7 宗教, 9 工商 …)
//	2     机构类别代码     (kind of entity within that authority: 91 company, 92 sole trader, 12 public institution …)
//	3-8   登记管理机关行政区划码 (GB/T 2260 code of the registering office)
//	9-17  主体标识码 = the organization code of GB 11714 (8 characters and its own check character)
//	18    check character over positions 1-17
//
// Both check characters are verified. The standard says positions 9-17 are coded "按照 GB 11714",
// and every real code we tested obeys it: the 383 published codes in python-stdnum's test suite
// (old numeric organization codes as well as the "MA…" ones issued since 2015, companies and sole
// traders), Baidu's 91110000802100433B, the GB's own worked example 91350100M000100Y43 and
// 12440600MB2C07549J. The one known family of real codes that fails is Xiamen's pilot codes issued
// before the standard (e.g. 91350203M0001FUE2P): their position-18 character was computed another
// way, so they fail the main check already; the hutool maintainers reject them too. Units of this
// platform are registered in Shuozhou, where no such codes exist.

// creditAlphabet is the code's character set; a character's value is its index. I, O, S, V and Z
// are left out because they are too easily read as 1, 0, 5, U and 2.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditValue is c's value in the alphabet, or -1.
func creditValue(c byte) int { return strings.IndexByte(creditAlphabet, c) }

// CreditCodeCheckChar computes the 18th character of a credit code from its first 17: with
// weights 3^(i-1) mod 31 (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28), the character whose
// value is (31 − Σ value·weight mod 31) mod 31.
func CreditCodeCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("计算校验位需要前 17 位 (need the first 17 characters, got %d bytes)", len(first17))
	}
	sum, w := 0, 1
	for i := range 17 {
		v := creditValue(first17[i])
		if v < 0 {
			return 0, invalidCreditChar(first17, i)
		}
		sum += v * w
		w = w * 3 % 31
	}
	return creditAlphabet[(31-sum%31)%31], nil
}

// orgCodeCheckChar computes the 9th character of a GB 11714 organization code from its first 8:
// digits count as 0-9 and letters A-Z as 10-35, weights 3 7 9 10 5 8 4 2, C9 = 11 − (sum mod 11)
// with 10 written X and 11 written 0. The first 8 must already be credit-code characters.
func orgCodeCheckChar(first8 string) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 8 {
		c := first8[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// CheckCreditCode reports whether code is a well-formed unified social credit code with both
// check characters right. It does not trim or upper-case: the service layer normalizes input
// first, and stored codes are exactly what was checked. The error is a plain one whose message
// (Chinese, English in brackets) can be shown to the user.
func CheckCreditCode(code string) error {
	// full-width digits and letters pasted from a Chinese input method: name the culprit rather
	// than report a confusing length
	for i, r := range code {
		if r >= utf8.RuneSelf {
			pos := utf8.RuneCountInString(code[:i]) + 1
			return fmt.Errorf("统一社会信用代码含有无效字符“%s”（第 %d 位），请使用半角数字和大写字母 (invalid character at position %d: use ASCII digits and capital letters)", printable(r), pos, pos)
		}
	}
	if n := len(code); n != 18 {
		return fmt.Errorf("统一社会信用代码须为 18 位，现为 %d 位 (must be 18 characters, got %d)", n, n)
	}
	for i := range 18 {
		if creditValue(code[i]) < 0 {
			return invalidCreditChar(code, i)
		}
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return fmt.Errorf("统一社会信用代码第 3-8 位为行政区划码，只能是数字（第 %d 位为“%c”）(positions 3-8 are the region code: digits only)", i+1, code[i])
		}
	}
	check, _ := CreditCodeCheckChar(code[:17])
	if code[17] != check {
		return errors.New("统一社会信用代码校验位错误，请核对 (wrong check character: please check the code for typos)")
	}
	if code[16] != orgCodeCheckChar(code[8:16]) {
		return errors.New("统一社会信用代码第 9-17 位（组织机构代码）校验位错误，请核对 (the organization code in positions 9-17 has a wrong check character)")
	}
	return nil
}

// invalidCreditChar explains why s[i] is not a credit-code character.
func invalidCreditChar(s string, i int) error {
	c := s[i]
	switch {
	case c >= 'a' && c <= 'z':
		return fmt.Errorf("统一社会信用代码须使用大写字母（第 %d 位为“%c”）(use capital letters: position %d)", i+1, c, i+1)
	case c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z':
		return fmt.Errorf("统一社会信用代码不使用字母 I、O、S、V、Z（第 %d 位为“%c”）(the letters I, O, S, V and Z are not used: position %d)", i+1, c, i+1)
	case c == ' ':
		return fmt.Errorf("统一社会信用代码不能含有空格（第 %d 位）(no spaces: position %d)", i+1, i+1)
	default:
		return fmt.Errorf("统一社会信用代码含有无效字符“%s”（第 %d 位）(invalid character at position %d)", printable(rune(c)), i+1, i+1)
	}
}

// printable quotes control and broken characters so an error message stays readable.
func printable(r rune) string {
	if r < ' ' || r == 0x7f || r == utf8.RuneError {
		return fmt.Sprintf("%U", r)
	}
	return string(r)
}

// NewCreditCode returns a random valid credit code for demo data: prefix is positions 1-2 (e.g.
// "91" company, "92" sole trader, "12" public institution, "52" private non-enterprise, "71"
// religious site), region the 6-digit code of the registering office. Half the company codes get
// the "MA" organization codes issued since 2015, the rest old all-digit ones. It panics on a
// malformed prefix or region: both are constants of the calling code, not user input.
func NewCreditCode(rnd *rand.Rand, prefix, region string) string {
	if len(prefix) != 2 || creditValue(prefix[0]) < 0 || creditValue(prefix[1]) < 0 {
		panic(fmt.Sprintf("NewCreditCode: bad prefix %q", prefix))
	}
	if len(region) != 6 || strings.Trim(region, "0123456789") != "" {
		panic(fmt.Sprintf("NewCreditCode: bad region %q", region))
	}
	var b [18]byte
	copy(b[:], prefix)
	copy(b[2:], region)
	body := b[8:16]
	if prefix[0] == '9' && rnd.IntN(2) == 0 {
		body[0], body[1] = 'M', 'A'
		for i := 2; i < 8; i++ {
			body[i] = creditAlphabet[rnd.IntN(len(creditAlphabet))]
		}
	} else {
		for i := range body {
			body[i] = byte('0' + rnd.IntN(10))
		}
	}
	b[16] = orgCodeCheckChar(string(body))
	check, err := CreditCodeCheckChar(string(b[:17]))
	if err != nil {
		panic(fmt.Sprintf("NewCreditCode: %v", err)) // unreachable: every character comes from the alphabet
	}
	b[17] = check
	return string(b[:])
}
