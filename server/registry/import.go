package registry

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Import limits: a county's register fits easily; larger files are split.
const (
	MaxImportRows  = 20000
	MaxImportBytes = 20 << 20
	// MaxUnzippedBytes caps what an XLSX file may unzip to (20,000 rows of the template take
	// about 15 MB): a small file that unzips to gigabytes is refused before it is read. The
	// parts are read in memory up to the same size, so excelize writes no temporary file.
	MaxUnzippedBytes = 64 << 20
	// MaxReadTime bounds reading the rows of one file.
	MaxReadTime = 30 * time.Second
)

// RowError is the refusal of one row: the row number in the file (header = 1), the field and why.
type RowError struct {
	Row            int
	Field, Message string
}

// ImportResult is what an import did.
type ImportResult struct {
	DryRun                         bool
	TotalRows, ValidRows, Imported int
	Errors                         []RowError
}

type importRow struct {
	line     int
	unit     campaign.UnitInput
	officers []campaign.SafetyOfficer
}

// Import reads units from a CSV (UTF-8 or GB18030, as Excel saves it) or XLSX file laid out as the
// template, validates every row and, unless dryRun, writes them in one transaction: all rows, or
// with validOnly only the valid ones. CITY_ADMIN, or COUNTY_ADMIN for rows of its own county.
// Errors: UNAUTHENTICATED, FORBIDDEN (role), BAD_USER_INPUT (file unreadable); row problems are
// returned in the result, not as errors.
func (s *Service) Import(ctx context.Context, filename string, file io.Reader, dryRun, validOnly bool) (ImportResult, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	if a.Role != policy.CityAdmin && a.Role != policy.CountyAdmin {
		return ImportResult{}, campaign.ErrForbidden
	}
	records, err := readSheet(ctx, filename, file)
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{DryRun: dryRun}
	if len(records) < 2 {
		return res, campaign.Invalid("file", "文件中没有数据行 (the file has no data rows)")
	}
	if len(records)-1 > MaxImportRows {
		return res, campaign.Invalid("file", "一次最多导入 %d 行，请拆分文件 (at most %d rows per import)", MaxImportRows, MaxImportRows)
	}
	index, err := headerIndex(records[0])
	if err != nil {
		return res, err
	}
	lookup, err := s.loadLookup(ctx)
	if err != nil {
		return res, err
	}
	var rows []importRow
	seenCodes := map[string]int{}
	for i, rec := range records[1:] {
		line := i + 2
		if blank(rec) {
			continue
		}
		res.TotalRows++
		row, rowErr := s.parseRow(a, lookup, index, rec, line)
		if rowErr == nil && row.unit.CreditCode != nil {
			if first, dup := seenCodes[*row.unit.CreditCode]; dup {
				rowErr = &RowError{line, "creditCode", fmt.Sprintf("与第 %d 行的统一社会信用代码重复 (same credit code as row %d)", first, first)}
			} else {
				seenCodes[*row.unit.CreditCode] = line
			}
		}
		if rowErr != nil {
			res.Errors = append(res.Errors, *rowErr)
			continue
		}
		rows = append(rows, row)
	}
	rows, err = s.dropTakenCodes(ctx, rows, &res)
	if err != nil {
		return res, err
	}
	res.ValidRows = len(rows)
	if dryRun || len(rows) == 0 || (len(res.Errors) > 0 && !validOnly) {
		return res, nil
	}
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		units := make([]campaign.Unit, len(rows))
		officers := make([][]campaign.SafetyOfficer, len(rows))
		for i, r := range rows {
			units[i] = unitFromInput(campaign.Unit{}, r.unit)
			officers[i] = r.officers
		}
		ids, err := tx.InsertUnits(ctx, units, officers)
		if err != nil {
			return err
		}
		entries := make([]postgres.AuditEntry, len(units))
		for i := range units {
			units[i].ID = ids[i]
			entries[i] = s.entry(ctx, a, "importUnit", units[i], nil, units[i])
		}
		return tx.AuditMany(ctx, entries)
	})
	if err != nil {
		return res, fmt.Errorf("import %d units: %w", len(rows), err)
	}
	res.Imported = len(rows)
	return res, nil
}

// dropTakenCodes moves rows whose credit code an active unit already has to the errors.
func (s *Service) dropTakenCodes(ctx context.Context, rows []importRow, res *ImportResult) ([]importRow, error) {
	var codes []string
	for _, r := range rows {
		if r.unit.CreditCode != nil {
			codes = append(codes, *r.unit.CreditCode)
		}
	}
	if len(codes) == 0 {
		return rows, nil
	}
	taken, err := s.db.ActiveCreditCodes(ctx, codes)
	if err != nil {
		return nil, err
	}
	kept := rows[:0]
	for _, r := range rows {
		if r.unit.CreditCode != nil && taken[*r.unit.CreditCode] {
			res.Errors = append(res.Errors, RowError{r.line, "creditCode", "该统一社会信用代码已被其他在册单位使用 (another active unit has this credit code)"})
			continue
		}
		kept = append(kept, r)
	}
	slices.SortStableFunc(res.Errors, func(a, b RowError) int { return cmp.Compare(a.Row, b.Row) })
	return kept, nil
}

// lookup resolves the names people type to codes.
type lookup struct {
	countyByName map[string]string
	countyCodes  map[string]bool
	town         map[string]map[string]string // county code → name or code → town code
	category     map[string]string            // name or code → code
	sectors      map[int]bool
}

func (s *Service) loadLookup(ctx context.Context) (*lookup, error) {
	l := &lookup{countyByName: map[string]string{}, countyCodes: map[string]bool{}, town: map[string]map[string]string{},
		category: map[string]string{}, sectors: map[int]bool{}}
	counties, err := s.db.Counties(ctx)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, c := range counties {
		l.countyByName[c.Name] = c.Code
		l.countyCodes[c.Code] = true
		l.town[c.Code] = map[string]string{}
		codes = append(codes, c.Code)
	}
	towns, err := s.db.TownsByCounty(ctx, codes)
	if err != nil {
		return nil, err
	}
	for county, ts := range towns {
		for _, t := range ts {
			l.town[county][t.Name] = t.Code
			l.town[county][t.Code] = t.Code
		}
	}
	cats, err := s.db.UnitCategories(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		l.category[c.Name] = c.Code
		l.category[c.Code] = c.Code
	}
	sectors, err := s.db.Sectors(ctx)
	if err != nil {
		return nil, err
	}
	for _, sec := range sectors {
		l.sectors[sec.Number] = true
	}
	return l, nil
}

func (s *Service) parseRow(a *policy.Actor, l *lookup, index map[string]int, rec []string, line int) (importRow, *RowError) {
	get := func(h string) string {
		i, ok := index[h]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	fail := func(field, format string, args ...any) (importRow, *RowError) {
		return importRow{}, &RowError{line, field, fmt.Sprintf(format, args...)}
	}
	for _, c := range importColumns {
		if c.required && get(c.header) == "" {
			return fail(c.field, "“%s”不能为空 (%s is required)", c.header, c.field)
		}
	}
	county := get(colCounty)
	if code, ok := l.countyByName[county]; ok {
		county = code
	}
	if !l.countyCodes[county] {
		return fail("countyCode", "未知的县(市、区)“%s” (unknown county)", get(colCounty))
	}
	if err := policy.EditUnitsIn(a, county); err != nil {
		return fail("countyCode", "无权登记“%s”的单位 (you may only register units of your own county)", get(colCounty))
	}
	town, ok := l.town[county][get(colTown)]
	if !ok {
		return fail("townCode", "“%s”不是该县(市、区)的乡镇(街道) (the town is not in the county)", get(colTown))
	}
	category, ok := l.category[get(colCategory)]
	if !ok {
		return fail("categoryCode", "未知的单位类别“%s” (unknown category)", get(colCategory))
	}
	sector, err := strconv.Atoi(get(colSector))
	if err != nil || !l.sectors[sector] {
		return fail("sectorNumber", "行业领域编号须为 1-25 (sector must be a number from 1 to 25)")
	}
	enrolled, err := time.ParseInLocation(time.DateOnly, normalizeDate(get(colEnrolledOn)), campaign.Local)
	if err != nil {
		return fail("enrolledOn", "日期“%s”无效，格式为 YYYY-MM-DD (invalid date)", get(colEnrolledOn))
	}
	cityLevel := false
	switch get(colCityLevel) {
	case "", "否", "N", "n", "no", "false", "0":
	case "是", "Y", "y", "yes", "true", "1":
		cityLevel = true
	default:
		return fail("cityLevel", "市直单位填“是”或“否” (yes or no)")
	}
	var credit *string
	if c := get(colCreditCode); c != "" {
		credit = &c
	}
	in := campaign.UnitInput{
		Name: get(colName), CategoryCode: category, SectorNumber: sector, CountyCode: county, TownCode: town,
		Address: get(colAddress), CreditCode: credit, PrincipalName: get(colPrincipal), PrincipalPhone: get(colPhone),
		CityLevel: cityLevel, EnrolledOn: enrolled,
	}
	in.Normalize()
	if err := in.Validate(s.now()); err != nil {
		if ce, ok := err.(*campaign.Error); ok {
			return fail(ce.Field, "%s", ce.Message)
		}
		return fail("", "%s", err.Error())
	}
	officers, rowErr := parseOfficers(get(colOfficer), get(colOfficerTel), get(colOfficerFT), line)
	if rowErr != nil {
		return importRow{}, rowErr
	}
	return importRow{line: line, unit: in, officers: officers}, nil
}

func parseOfficers(names, phones, kinds string, line int) ([]campaign.SafetyOfficer, *RowError) {
	if names == "" {
		return nil, nil
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '；' || r == ';' })
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts
	}
	ns, ps, ks := split(names), split(phones), split(kinds)
	if len(ps) != len(ns) || (len(ks) != 0 && len(ks) != len(ns)) {
		return nil, &RowError{line, "officers.phone", "安全员姓名、电话、类型的个数须一致 (give a phone, and a type if any, for every officer)"}
	}
	var in []OfficerInput
	for i, n := range ns {
		full := false
		if len(ks) > 0 {
			switch ks[i] {
			case "专职":
				full = true
			case "兼职", "":
			default:
				return nil, &RowError{line, "officers.fullTime", "安全员类型填“专职”或“兼职” (full-time or part-time)"}
			}
		}
		in = append(in, OfficerInput{Name: n, Phone: ps[i], FullTime: full})
	}
	out, err := checkOfficers(in)
	if err != nil {
		ce := err.(*campaign.Error)
		field := "officers.phone"
		if strings.HasSuffix(ce.Field, ".name") {
			field = "officers.name"
		}
		return nil, &RowError{line, field, ce.Message}
	}
	return out, nil
}

// normalizeDate accepts 2019/12/31 and 2019.12.31 as well, as spreadsheets write them.
func normalizeDate(s string) string {
	return strings.NewReplacer("/", "-", ".", "-").Replace(s)
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func headerIndex(header []string) (map[string]int, error) {
	index := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(h), "*"), "\ufeff"))
		index[strings.TrimSpace(h)] = i
	}
	for _, c := range importColumns {
		if _, ok := index[c.header]; !ok && c.required {
			return nil, campaign.Invalid("file", "缺少列“%s”，请使用导入模板 (column %q missing: use the template)", c.header, c.header)
		}
	}
	return index, nil
}

// readSheet reads the first sheet of an XLSX file, or a CSV file, into rows of cells.
func readSheet(ctx context.Context, filename string, file io.Reader) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(file, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, campaign.Invalid("file", "文件超过 %d MB (file larger than %d MB)", MaxImportBytes>>20, MaxImportBytes>>20)
	}
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnzippedBytes, UnzipXMLSizeLimit: MaxUnzippedBytes})
		if err != nil {
			if strings.Contains(err.Error(), "unzip size exceeds") {
				return nil, campaign.Invalid("file", "Excel 文件解压后超过 %d MB，请拆分文件 (the workbook unzips to more than %d MB: split it)", MaxUnzippedBytes>>20, MaxUnzippedBytes>>20)
			}
			return nil, campaign.Invalid("file", "无法读取 Excel 文件 (not a readable XLSX file)")
		}
		defer f.Close()
		return readRows(ctx, f)
	case ".csv":
		if !utf8.Valid(data) {
			// Excel on a Chinese Windows saves CSV in GBK
			if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
				return nil, campaign.Invalid("file", "无法识别文件编码 (unknown text encoding)")
			}
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		var rows [][]string
		for {
			row, err := r.Read()
			if err == io.EOF {
				return rows, nil
			}
			if err != nil {
				return nil, campaign.Invalid("file", "CSV 格式错误：%v (malformed CSV)", err)
			}
			// one row past the limit is enough for Import to refuse the file
			if rows = append(rows, row); len(rows) > MaxImportRows+1 {
				return rows, nil
			}
		}
	}
	return nil, campaign.Invalid("file", "只支持 .xlsx 或 .csv 文件 (upload an .xlsx or .csv file)")
}

// readRows reads the first sheet row by row, stopping one row past the limit (Import refuses the
// file then) or when reading takes longer than MaxReadTime.
func readRows(ctx context.Context, f *excelize.File) ([][]string, error) {
	ctx, cancel := context.WithTimeout(ctx, MaxReadTime)
	defer cancel()
	it, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		return nil, campaign.Invalid("file", "无法读取 Excel 工作表 (could not read the first sheet)")
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		if len(rows)%256 == 0 && ctx.Err() != nil {
			return nil, campaign.Invalid("file", "读取 Excel 文件超时，请拆分文件 (reading the workbook took too long: split it)")
		}
		row, err := it.Columns()
		if err != nil {
			return nil, campaign.Invalid("file", "无法读取 Excel 工作表 (could not read the first sheet)")
		}
		if rows = append(rows, row); len(rows) > MaxImportRows+1 {
			break
		}
	}
	if it.Error() != nil {
		return nil, campaign.Invalid("file", "无法读取 Excel 工作表 (could not read the first sheet)")
	}
	// as GetRows: trailing empty rows are not rows
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows, nil
}
