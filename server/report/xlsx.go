package report

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Table1Title and the notes are the original's (附表1 of 朔安办发〔2020〕16号).
const (
	Table1Title = "全市“零事故”村(社区)、企业、单位统计表"
	table1Note1 = "注:1.统计基数以2019年12月31日为标准。"
	table1Note2 = "2.“零事故”是指零安全事故。"
)

func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// WriteTable1 writes 附表1 as a workbook laid out like the original: the title, the unit and date
// line, two header rows (县(市区), then each category over 总数量 and 零事故数量, merged), one row
// per county, the total row and the notes.
func (s *Service) WriteTable1(ctx context.Context, year int, w io.Writer) error {
	t, err := s.Table1(ctx, year)
	if err != nil {
		return err
	}
	names, err := s.names(ctx)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "附表1"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	cols := 1 + 2*len(t.Totals.Cells)
	last, _ := excelize.ColumnNumberToName(cols)
	cell := func(col, row int) string {
		name, _ := excelize.CoordinatesToCellName(col, row)
		return name
	}
	set := func(col, row int, v any) error { return f.SetCellValue(sheet, cell(col, row), v) }
	steps := []func() error{
		func() error { return set(1, 1, "附表1") },
		func() error { return set(1, 2, Table1Title) },
		func() error { return f.MergeCell(sheet, "A2", last+"2") },
		func() error { return set(1, 3, "单位：朔州市“零事故”创建工作专班办公室") },
		func() error { return set(cols-3, 3, chineseDate(t.AsOf)) },
		func() error { return set(1, 4, "县(市区)") },
		func() error { return f.MergeCell(sheet, "A4", "A5") },
	}
	for i, c := range t.Totals.Cells {
		col := 2 + 2*i
		c := c
		steps = append(steps,
			func() error { return set(col, 4, names.categories[c.CategoryCode]) },
			func() error { return f.MergeCell(sheet, cell(col, 4), cell(col+1, 4)) },
			func() error { return set(col, 5, "总数量") },
			func() error { return set(col+1, 5, "零事故数量") },
		)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("write 附表1 header: %w", err)
		}
	}
	row := 6
	for _, r := range append(append([]*campaign.Table1Row{}, t.Rows...), t.Totals) {
		label := "合计"
		if r.CountyCode != nil {
			label = names.counties[*r.CountyCode]
		}
		values := []any{label}
		for _, c := range r.Cells {
			values = append(values, c.Total, c.ZeroAccident)
		}
		if err := f.SetSheetRow(sheet, cell(1, row), &values); err != nil {
			return fmt.Errorf("write 附表1 row: %w", err)
		}
		row++
	}
	if err := set(1, row, table1Note1); err != nil {
		return err
	}
	if err := set(1, row+1, table1Note2); err != nil {
		return err
	}
	if err := styleTable(f, sheet, "A4", cell(cols, row-1)); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 20); err != nil {
		return err
	}
	return f.Write(w)
}

// styleTable draws borders and centres the text of a table range, and makes the title bold.
func styleTable(f *excelize.File, sheet, from, to string) error {
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}
	st, err := f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, from, to, st); err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	return f.SetCellStyle(sheet, "A2", "A2", title)
}

type refNames struct {
	counties, categories, departments map[string]string
}

func (s *Service) names(ctx context.Context) (refNames, error) {
	n := refNames{counties: map[string]string{}, categories: map[string]string{}, departments: map[string]string{}}
	counties, err := s.db.Counties(ctx)
	if err != nil {
		return n, err
	}
	for _, c := range counties {
		n.counties[c.Code] = c.Name
	}
	cats, err := s.db.UnitCategories(ctx)
	if err != nil {
		return n, err
	}
	for _, c := range cats {
		n.categories[c.Code] = c.Name
	}
	depts, err := s.db.Departments(ctx)
	if err != nil {
		return n, err
	}
	for _, d := range depts {
		n.departments[d.Code] = d.Name
	}
	return n, nil
}

var liaisonRoleNames = map[string]string{campaign.LiaisonLeader: "分管负责人", campaign.LiaisonContact: "具体责任人"}

// WriteLiaisons writes 附表2 联络员名单表: the counties' and then the lead departments' leaders and
// contacts with post and phones.
func (s *Service) WriteLiaisons(ctx context.Context, w io.Writer) error {
	list, err := s.Liaisons(ctx)
	if err != nil {
		return err
	}
	names, err := s.names(ctx)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "附表2"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rows := [][]any{{"附表2"}, {"联络员名单表"}, {"类别", "单位", "角色", "姓名", "职务", "办公电话", "手机"}}
	for _, l := range list {
		group, unit := "县(市、区)、经济开发区", ""
		if l.CountyCode != nil {
			unit = names.counties[*l.CountyCode]
		} else {
			group, unit = "市牵头责任部门", names.departments[*l.DepartmentCode]
		}
		rows = append(rows, []any{group, unit, liaisonRoleNames[l.Role], l.Name, l.Post, l.OfficePhone, l.Mobile})
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return fmt.Errorf("write 附表2: %w", err)
		}
	}
	if err := f.MergeCell(sheet, "A2", "G2"); err != nil {
		return err
	}
	if err := styleTable(f, sheet, "A3", fmt.Sprintf("G%d", len(rows))); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "G", 18); err != nil {
		return err
	}
	return f.Write(w)
}

// BulletinLimit bounds the incidents and hazards a bulletin lists.
const BulletinLimit = 500

// WriteBulletin writes the monthly bulletin (月度通报) for the month starting at month: each
// county's year-to-date village and enterprise rates against the targets, the month's incidents and
// the major hazards that are overdue now. Any signed-in user, for their scope.
func (s *Service) WriteBulletin(ctx context.Context, month time.Time, w io.Writer) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	if month.After(s.today()) || month.Year() < 2020 {
		return campaign.Invalid("month", "月份须在 2020 年 1 月到本月之间 (month between 2020-01 and this month)")
	}
	year := month.Year()
	rows, err := s.Stats(ctx, year, []campaign.StatDimension{campaign.DimCounty, campaign.DimTargetGroup, campaign.DimMonth}, postgres.StatFilter{}, unitsOnly)
	if err != nil {
		return err
	}
	var upToMonth []campaign.StatRow
	for _, r := range rows {
		if r.Month != nil && *r.Month == int(month.Month()) {
			upToMonth = append(upToMonth, r)
		}
	}
	target, err := s.db.Target(ctx, year)
	if err != nil {
		return err
	}
	rep := campaign.BuildTargetReport(year, target, upToMonth)
	scope := policy.ReadScope(a)
	incidents, err := s.db.IncidentsBetween(ctx, scope, month, month.AddDate(0, 1, 0), BulletinLimit)
	if err != nil {
		return err
	}
	overdue := true
	major := campaign.HazardMajor
	hazards, err := s.db.HazardsPage(ctx, scope, postgres.EventFilter{Level: &major, Overdue: &overdue, Today: s.today()}, 0, BulletinLimit)
	if err != nil {
		return err
	}
	names, err := s.names(ctx)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	title := fmt.Sprintf("%d年%d月“零事故”创建工作通报", year, int(month.Month()))
	pct := func(v *float64) any {
		if v == nil {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", *v*100)
	}
	met := func(b *bool) string {
		switch {
		case b == nil:
			return "—"
		case *b:
			return "达标"
		}
		return "未达标"
	}
	rates := [][]any{{title}, {"一、各县(市、区)零事故率（截至本月底）"},
		{"县(市、区)", "村(社区)数", "零事故村(社区)", "村(社区)零事故率", "目标", "是否达标", "企事业单位数", "零事故企事业单位", "企事业单位零事故率", "目标", "是否达标"}}
	tv, te := any("—"), any("—")
	if target != nil {
		tv, te = fmt.Sprintf("%.0f%%", target.Village*100), fmt.Sprintf("%.0f%%", target.Enterprise*100)
	}
	for _, at := range append(append([]*campaign.Attainment{}, rep.Counties...), rep.Total) {
		label := "合计"
		if at.CountyCode != nil {
			label = names.counties[*at.CountyCode]
		}
		rates = append(rates, []any{label, at.VillageUnits, at.VillageZeroAccident, pct(at.VillageRate), tv, met(at.VillageMet),
			at.EnterpriseUnits, at.EnterpriseZeroAccident, pct(at.EnterpriseRate), te, met(at.EnterpriseMet)})
	}
	sheet := "通报"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := writeRows(f, sheet, 1, rates); err != nil {
		return err
	}
	units, err := s.db.UnitsByID(ctx, unitIDs(incidents, hazards))
	if err != nil {
		return err
	}
	next := len(rates) + 2
	inc := [][]any{{"二、本月事故"}, {"时间", "县(市、区)", "单位", "事故类型", "死亡", "重伤", "轻伤", "直接经济损失(万元)", "等级"}}
	for _, i := range incidents {
		inc = append(inc, []any{i.OccurredAt.In(campaign.Local).Format("2006-01-02 15:04"), names.counties[i.CountyCode], units[i.UnitID].Name,
			i.Kind, i.Deaths, i.SeriousInjuries, i.Injuries, i.DirectLossWan, severityNames[i.Severity]})
	}
	if len(incidents) == 0 {
		inc = append(inc, []any{"本月未发生事故"})
	}
	if err := writeRows(f, sheet, next, inc); err != nil {
		return err
	}
	next += len(inc) + 1
	haz := [][]any{{"三、逾期未销号的重大隐患"}, {"县(市、区)", "单位", "隐患描述", "发现日期", "整改期限", "责任人", "状态"}}
	for _, h := range hazards {
		person := ""
		if h.ResponsiblePerson != nil {
			person = *h.ResponsiblePerson
		}
		deadline := ""
		if h.Deadline != nil {
			deadline = h.Deadline.Format(time.DateOnly)
		}
		haz = append(haz, []any{names.counties[h.CountyCode], units[h.UnitID].Name, h.Description, h.FoundOn.Format(time.DateOnly), deadline, person, stateNames[h.State]})
	}
	if len(hazards) == 0 {
		haz = append(haz, []any{"无逾期重大隐患"})
	}
	if err := writeRows(f, sheet, next, haz); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "K", 16); err != nil {
		return err
	}
	return f.Write(w)
}

var severityNames = map[campaign.Severity]string{
	campaign.SeverityGeneral: "一般事故", campaign.SeverityLarger: "较大事故", campaign.SeverityMajor: "重大事故", campaign.SeverityExtraordinary: "特别重大事故",
}

var stateNames = map[campaign.HazardState]string{
	campaign.HazardFound: "排查", campaign.HazardRectifying: "治理", campaign.HazardVerified: "验收", campaign.HazardClosed: "销号",
}

func unitIDs(incidents []campaign.Incident, hazards []campaign.Hazard) []int64 {
	var ids []int64
	for _, i := range incidents {
		ids = append(ids, i.UnitID)
	}
	for _, h := range hazards {
		ids = append(ids, h.UnitID)
	}
	return ids
}

func writeRows(f *excelize.File, sheet string, start int, rows [][]any) error {
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", start+i), &r); err != nil {
			return fmt.Errorf("write %s row %d: %w", sheet, start+i, err)
		}
	}
	return nil
}
