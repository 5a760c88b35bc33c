package campaign

import (
	"strings"
	"time"
	"unicode/utf8"
)

// UnitInput is what a user types to create or edit a unit.
type UnitInput struct {
	Name           string
	CategoryCode   string
	SectorNumber   int
	CountyCode     string
	TownCode       string
	Address        string
	Longitude      *float64
	Latitude       *float64
	CreditCode     *string
	PrincipalName  string
	PrincipalPhone string
	CityLevel      bool
	EnrolledOn     time.Time
}

// Normalize trims what people paste with stray spaces and upper-cases the credit code; an empty
// credit code means none.
func (in *UnitInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Address = strings.TrimSpace(in.Address)
	in.PrincipalName = strings.TrimSpace(in.PrincipalName)
	in.PrincipalPhone = strings.TrimSpace(in.PrincipalPhone)
	in.CountyCode = strings.TrimSpace(in.CountyCode)
	in.TownCode = strings.TrimSpace(in.TownCode)
	in.CategoryCode = strings.TrimSpace(in.CategoryCode)
	if in.CreditCode != nil {
		c := strings.ToUpper(strings.TrimSpace(*in.CreditCode))
		if c == "" {
			in.CreditCode = nil
		} else {
			in.CreditCode = &c
		}
	}
}

// Validate checks the rules that need no database: lengths, formats, dates. today is the current
// date (enrolment cannot be in the future). Rules that need the register (category exists, town
// in county, credit code unique) are checked by the registry service.
func (in UnitInput) Validate(today time.Time) error {
	if n := utf8.RuneCountInString(in.Name); n < 2 || n > 100 {
		return Invalid("name", "单位名称须为 2-100 个字符 (name must be 2-100 characters)")
	}
	if utf8.RuneCountInString(in.Address) > 200 {
		return Invalid("address", "地址最多 200 个字符 (address: at most 200 characters)")
	}
	if utf8.RuneCountInString(in.PrincipalName) > 50 {
		return Invalid("principalName", "负责人姓名最多 50 个字符 (at most 50 characters)")
	}
	if in.PrincipalPhone != "" {
		if err := CheckPhone(in.PrincipalPhone); err != nil {
			return Invalid("principalPhone", "%s", err.Error())
		}
	}
	if in.CreditCode == nil && in.CategoryCode != VillageCategory {
		return Invalid("creditCode", "请填写统一社会信用代码（仅村、社区可不填）(a credit code is required except for villages and communities)")
	}
	if in.CreditCode != nil {
		if err := CheckCreditCode(*in.CreditCode); err != nil {
			return Invalid("creditCode", "%s", err.Error())
		}
	}
	if (in.Longitude == nil) != (in.Latitude == nil) {
		return Invalid("longitude", "经度和纬度须同时填写 (give both longitude and latitude, or neither)")
	}
	if in.Longitude != nil && (*in.Longitude < -180 || *in.Longitude > 180) {
		return Invalid("longitude", "经度须在 -180 到 180 之间 (longitude out of range)")
	}
	if in.Latitude != nil && (*in.Latitude < -90 || *in.Latitude > 90) {
		return Invalid("latitude", "纬度须在 -90 到 90 之间 (latitude out of range)")
	}
	if in.SectorNumber < 1 || in.SectorNumber > 99 {
		return Invalid("sectorNumber", "行业领域编号无效 (unknown sector)")
	}
	if in.EnrolledOn.IsZero() {
		return Invalid("enrolledOn", "请填写纳入创建日期 (enrolment date required)")
	}
	if in.EnrolledOn.After(DayOf(today)) {
		return Invalid("enrolledOn", "纳入创建日期不能晚于今天 (the enrolment date cannot be in the future)")
	}
	return nil
}

// VillageCategory is the category of villages and communities (村(社区)), the one group that may
// lack a credit code.
const VillageCategory = "village_community"
