package registry

import (
	"context"

	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/csvsafe"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// exportBatch is how many units an export reads at a time.
const exportBatch = 1000

func exportHeader() []string {
	h := []string{colID}
	for _, c := range importColumns {
		h = append(h, c.header)
	}
	return append(h, colStatus, colBlacklisted)
}

func exportRecord(a *policy.Actor, r postgres.ExportRow) []string {
	yesNo := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	var names, phones, kinds []string
	for _, o := range r.Officers {
		names = append(names, o.Name)
		phones = append(phones, policy.MaskPhone(a, o.Phone))
		kind := "兼职"
		if o.FullTime {
			kind = "专职"
		}
		kinds = append(kinds, kind)
	}
	credit := ""
	if r.CreditCode != nil {
		credit = *r.CreditCode
	}
	status := "在册"
	if r.ArchivedOn != nil {
		status = "已归档 " + r.ArchivedOn.Format(time.DateOnly)
	}
	return []string{
		strconv.FormatInt(r.ID, 10), r.Name, r.CategoryName, strconv.Itoa(r.SectorNumber), r.CountyName, r.TownName,
		r.Address, credit, r.PrincipalName, policy.MaskPhone(a, r.PrincipalPhone), yesNo(r.CityLevel),
		r.EnrolledOn.Format(time.DateOnly), strings.Join(names, listSep), strings.Join(phones, listSep), strings.Join(kinds, listSep),
		status, yesNo(r.Blacklisted),
	}
}

// ExportCSV writes the units the caller may see that match f as CSV (UTF-8 with a byte-order mark,
// which Excel needs to show Chinese), streaming. Any signed-in user; phones masked for analysts.
func (s *Service) ExportCSV(ctx context.Context, f postgres.UnitFilter, w io.Writer) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(exportHeader()); err != nil {
		return err
	}
	n := 0
	err = s.db.EachUnit(ctx, policy.ReadScope(a), f, exportBatch, func(r postgres.ExportRow) error {
		if err := cw.Write(exportRecord(a, r)); err != nil {
			return err
		}
		if n++; n%exportBatch == 0 {
			cw.Flush()
		}
		return cw.Error()
	})
	if err != nil {
		return fmt.Errorf("export units as CSV: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

// ExportXLSX writes the same rows as an XLSX workbook through excelize's stream writer, which keeps
// rows on disk rather than in memory.
func (s *Service) ExportXLSX(ctx context.Context, f postgres.UnitFilter, w io.Writer) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	book := excelize.NewFile()
	defer book.Close()
	sheet := "创建单位"
	if err := book.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := book.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", cells(exportHeader())); err != nil {
		return err
	}
	row := 2
	err = s.db.EachUnit(ctx, policy.ReadScope(a), f, exportBatch, func(r postgres.ExportRow) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, cells(exportRecord(a, r)))
	})
	if err != nil {
		return fmt.Errorf("export units as XLSX: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return book.Write(w)
}

// WriteTemplate writes the import template: the header (required columns marked *), an example
// row and the notes. Any signed-in user who may import.
func (s *Service) WriteTemplate(ctx context.Context, w io.Writer) error {
	if _, err := policy.Authenticated(ctx); err != nil {
		return err
	}
	book := excelize.NewFile()
	defer book.Close()
	sheet := "创建单位"
	if err := book.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	var header, example []string
	for _, c := range importColumns {
		h := c.header
		if c.required {
			h += "*"
		}
		header = append(header, h)
		example = append(example, c.example)
	}
	if err := book.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	if err := book.SetSheetRow(sheet, "A2", &example); err != nil {
		return err
	}
	notes := "填写说明"
	if _, err := book.NewSheet(notes); err != nil {
		return err
	}
	for i, n := range templateNotes {
		if err := book.SetCellStr(notes, fmt.Sprintf("A%d", i+1), n); err != nil {
			return err
		}
	}
	if err := book.SetColWidth(sheet, "A", "N", 18); err != nil {
		return err
	}
	return book.Write(w)
}

func cells(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
