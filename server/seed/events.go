package seed

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// DemoEventSet is the demo history of a register, as BulkInsertEvents loads it.
type DemoEventSet = postgres.EventSet

// eventStream keeps the events' random streams apart from the register's, which DemoUnits keys
// by the county code alone.
const eventStream = 0x5EED_E7E7

// firstEventYear is the plan's first year: nothing happens in the demo before 2020-01-01.
const firstEventYear = 2020

// DemoEvents generates the campaign's history from 2020-01-01 to today for the given units
// (stored ones: their IDs are used): self-checks and external inspections with their results on
// the ten creation standards, the hazards they found and each hazard's way through the closed
// loop, incidents at rates that put the yearly zero-accident rates near the plan's targets,
// certifications of finished zero-accident years, and one blacklisted enterprise per real county.
// Nothing is dated after today. Units of synthetic counties (see SyntheticDivisions) get a
// self-check every second year and no external inspections, so that a province-sized set stays
// loadable in minutes. The same units (in any order), seed and today give the same set; a county's
// events do not depend on the other counties.
func DemoEvents(units []campaign.Unit, seed int64, today time.Time) DemoEventSet {
	now := today.In(campaign.Local)
	g := &eventGen{ref: eventReference(), words: newWords(), now: now, lastDay: campaign.DayOf(now)}
	g.allMet, g.allMetNoGoods = g.metResults(false), g.metResults(true)
	byCounty := map[string][]*campaign.Unit{}
	for i := range units {
		byCounty[units[i].CountyCode] = append(byCounty[units[i].CountyCode], &units[i])
	}
	for _, code := range slices.Sorted(maps.Keys(byCounty)) {
		list := byCounty[code]
		slices.SortStableFunc(list, func(a, b *campaign.Unit) int { return cmp.Compare(a.ID, b.ID) })
		// county codes are digits; were one not, it would still get a stream of its own
		key, err := strconv.ParseUint(code, 10, 64)
		if err != nil {
			for _, r := range code {
				key = key*31 + uint64(r)
			}
		}
		g.county(code, list, rand.New(rand.NewPCG(uint64(seed), key^eventStream)))
	}
	g.sortByTime()
	return g.set
}

// aimedZeroRate is the share of units of a target group the demo keeps free of incidents in a
// year: a little above the plan's targets (2020 75 %/85 %, 2021 78 %/88 %, 2022 80 %/90 %),
// rising while the campaign works and steady after it.
func aimedZeroRate(village bool, year int) float64 {
	villages := map[int]float64{2020: 0.77, 2021: 0.795, 2022: 0.81}
	enterprises := map[int]float64{2020: 0.87, 2021: 0.89, 2022: 0.905}
	if village {
		if r, ok := villages[year]; ok {
			return r
		}
		return 0.815
	}
	if r, ok := enterprises[year]; ok {
		return r
	}
	return 0.91
}

// incidentFactor weighs an enterprise category's accident risk against the average: mines and
// factories have more accidents than schools and temples. The weighted mean over the register's
// category shares is about 1.
var incidentFactor = map[string]float64{
	"factory_mine": 1.4, "business_outlet": 1.0, "market": 1.0, "scenic_area": 1.0, "station": 1.0,
	"other": 0.8, "hospital": 0.7, "school": 0.6, "religious_site": 0.5, "airport": 0.5,
}

// notMetChance is how often an external inspection in 2020 finds a standard not met; self-checks
// find less and the campaign's later years less again (inspectionFactor).
var notMetChance = map[string]float64{
	"1.1": 0.01, "1.2": 0.02, "1.3": 0.03, "2.1": 0.04, "2.2": 0.04, "2.3": 0.10, "3.1": 0.06, "3.2": 0.03, "3.3": 0.02, "3.4": 0.05,
}

func inspectionFactor(year int, selfCheck bool) float64 {
	f := 0.6
	switch year {
	case 2020:
		f = 1.0
	case 2021:
		f = 0.8
	case 2022:
		f = 0.65
	}
	if selfCheck {
		f *= 0.6
	}
	return f
}

// notMetRemarks are what inspectors write when a standard is not met.
var notMetRemarks = map[string][]string{
	"1.1": {"党组织未将安全生产工作纳入重要议事日程", "未按要求召开安全生产专题会议"},
	"1.2": {"安全生产责任制未逐级签订", "主要负责人未认真履行第一责任人职责", "分管领导安全生产职责不明确"},
	"1.3": {"安全管理机构未明确专人负责", "安全生产管理制度不健全", "安全管理台账记录不完整"},
	"2.1": {"未按要求配备专（兼）职安全员", "安全员未经培训上岗", "重要部位未配备专职安全人员"},
	"2.2": {"网格员巡查记录不全", "未定期开展安全巡查", "群防群治队伍未落实"},
	"2.3": {"灭火器材配备不足或已过期", "视频监控设施损坏未修复", "消防设施未定期维护检测", "报警装置未正常运行"},
	"3.1": {"风险点、危险源未建档登记", "安全风险分级管控不到位", "重点部位未设置安全警示标识"},
	"3.2": {"危险化学品储存不规范", "重点物品出入库登记不全", "危险物品未专库专人管理"},
	"3.3": {"上次检查发现的隐患未按期整改到位", "隐患整改台账未闭环"},
	"3.4": {"应急预案未及时修订", "未按要求开展应急演练", "应急物资储备不足"},
}

// vetoRemark is the result of standard 3.3 (当年无各类安全事故) after an incident that year.
const vetoRemark = "本年度已发生生产安全事故，实行一票否决"

// eventRef is what the generator needs of the reference data.
type eventRef struct {
	countyNames map[string]string
	// leads is each sector's first lead department, which certifies the sector's city-level units
	leads     map[int]string
	standards []string
}

// eventReference reads the embedded reference data once. It cannot fail unless the binary was
// built with broken data files, which the reference tests catch; hence the panic.
var eventReference = sync.OnceValue(func() eventRef {
	ref, err := LoadReference()
	if err != nil {
		panic(fmt.Sprintf("demo events: embedded reference data: %v", err))
	}
	out := eventRef{countyNames: map[string]string{}, leads: map[int]string{}}
	for _, c := range ref.Counties {
		out.countyNames[c.Code] = c.Name
	}
	depts := map[string]string{}
	for _, d := range ref.Departments {
		depts[d.Code] = d.Name
	}
	for number, leads := range ref.SectorLeads {
		if len(leads) > 0 {
			out.leads[number] = depts[leads[0]]
		}
	}
	for _, s := range ref.Standards {
		out.standards = append(out.standards, s.Code)
	}
	return out
})

// eventGen is the growing set and what all counties share.
type eventGen struct {
	ref   eventRef
	words *words
	// now is today as given, in China Standard Time; lastDay is its date: nothing happens later
	now, lastDay time.Time
	// allMet and allMetNoGoods are the results of an inspection that found nothing, the second
	// for units without dangerous goods (standard 3.2 not applicable); inspections share them
	allMet, allMetNoGoods []campaign.InspectionResult
	set                   DemoEventSet
}

// eventCounty is one county's generation state.
type eventCounty struct {
	code, name string
	synthetic  bool
	rnd        *rand.Rand
	// jitter moves the county's accident rates a little, so that counties differ
	jitter float64
}

// unitEvents is what a unit's later events depend on.
type unitEvents struct {
	incidents []int // indices into set.Incidents
	causes    []string
	// blacklisted is the year from which the unit is on the blacklist, or 0
	blacklisted int
}

func (g *eventGen) metResults(noGoods bool) []campaign.InspectionResult {
	out := make([]campaign.InspectionResult, len(g.ref.standards))
	for i, code := range g.ref.standards {
		out[i] = campaign.InspectionResult{StandardCode: code, Result: campaign.ResultMet}
		if noGoods && code == "3.2" {
			out[i].Result = campaign.ResultNotApplicable
		}
	}
	return out
}

func (g *eventGen) county(code string, units []*campaign.Unit, rnd *rand.Rand) {
	name, real := g.ref.countyNames[code]
	if !real {
		name = "模拟县" + strings.TrimPrefix(code, "99") // SyntheticDivisions' naming
	}
	c := &eventCounty{code: code, name: name, synthetic: !real, rnd: rnd, jitter: (rnd.Float64()*2 - 1) * 0.015}
	ue := make([]unitEvents, len(units))
	// incidents first: inspections and certifications depend on them
	for i, u := range units {
		for y := firstEventYear; y <= g.lastDay.Year(); y++ {
			g.incidents(c, u, y, &ue[i])
		}
	}
	g.largerAccident(c, units, ue)
	for i, u := range units {
		for j, k := range ue[i].incidents {
			g.set.Incidents[k].Description = g.describeIncident(u, &g.set.Incidents[k], ue[i].causes[j])
		}
	}
	if !c.synthetic {
		g.blacklist(c, units, ue)
	}
	for i, u := range units {
		for y := firstEventYear; y <= g.lastDay.Year(); y++ {
			from, to, ok := g.window(u, y)
			if !ok {
				continue
			}
			var incidents []time.Time
			for _, k := range ue[i].incidents {
				if at := g.set.Incidents[k].OccurredAt; at.Year() == y {
					incidents = append(incidents, at)
				}
			}
			// a synthetic county's units check themselves every second year, half of them in
			// even years and half in odd ones, so that every year has its share
			if !c.synthetic || (y+i)%2 == 0 {
				g.inspect(c, u, campaign.InspectionSelfCheck, g.randomDay(c, from, to), incidents)
			}
			if !c.synthetic && c.rnd.IntN(100) < 40 {
				g.inspect(c, u, g.externalKind(c, u), g.randomDay(c, from, to), incidents)
			}
			g.certify(c, u, y, len(incidents) > 0, ue[i].blacklisted)
		}
	}
}

// window is the part of year y in which a unit can have events: from its enrolment (or Jan 1) to
// its archiving, Dec 31 or today, whichever comes first. ok is false when the unit does not count
// in the year (campaign.ActiveIn) or the year has not begun.
func (g *eventGen) window(u *campaign.Unit, y int) (from, to time.Time, ok bool) {
	if !campaign.ActiveIn(u.EnrolledOn, u.ArchivedOn, y) {
		return time.Time{}, time.Time{}, false
	}
	from = time.Date(y, 1, 1, 0, 0, 0, 0, campaign.Local)
	to = time.Date(y, 12, 31, 0, 0, 0, 0, campaign.Local)
	if e := campaign.DayOf(u.EnrolledOn); e.After(from) {
		from = e
	}
	if u.ArchivedOn != nil {
		if a := campaign.DayOf(*u.ArchivedOn); a.Before(to) {
			to = a
		}
	}
	if g.lastDay.Before(to) {
		to = g.lastDay
	}
	return from, to, !to.Before(from)
}

func (g *eventGen) randomDay(c *eventCounty, from, to time.Time) time.Time {
	return from.AddDate(0, 0, c.rnd.IntN(days(from, to)+1))
}

// clock is a time of day on day between the hours from and to (exclusive), never after now.
func (g *eventGen) clock(c *eventCounty, day time.Time, from, to int) time.Time {
	t := day.Add(time.Duration(from+c.rnd.IntN(to-from))*time.Hour + time.Duration(c.rnd.IntN(60))*time.Minute)
	if t.After(g.now) {
		t = g.now
	}
	return t
}

// after is a working-hours time between minDays and maxDays days after prev, and after prev.
// It may lie after now: callers drop what has not happened yet.
func (g *eventGen) after(c *eventCounty, prev time.Time, minDays, maxDays int) time.Time {
	day := campaign.DayOf(prev).AddDate(0, 0, minDays+c.rnd.IntN(maxDays-minDays+1))
	t := day.Add(time.Duration(8+c.rnd.IntN(10))*time.Hour + time.Duration(c.rnd.IntN(60))*time.Minute)
	if !t.After(prev) {
		t = prev.Add(time.Duration(30+c.rnd.IntN(150)) * time.Minute)
	}
	return t
}

func (g *eventGen) person(c *eventCounty) string { return g.words.person(c.rnd) }

func oneOf[T any](c *eventCounty, s ...T) T { return s[c.rnd.IntN(len(s))] }

// ---- incidents ----

// incidentKind is a kind of accident (GB 6441 classes, and road traffic) that fits a unit.
type incidentKind struct {
	name           string
	weight         int
	lossLo, lossHi float64 // direct loss in 万元 without casualties
}

// incidentKinds are the accidents each sort of unit has.
func incidentKinds(u *campaign.Unit) []incidentKind {
	k := func(name string, weight int, lo, hi float64) incidentKind {
		return incidentKind{name: name, weight: weight, lossLo: lo, lossHi: hi}
	}
	fire, traffic := k("火灾", 0, 0.5, 120), k("道路交通事故", 0, 0.3, 30)
	w := func(kind incidentKind, weight int) incidentKind { kind.weight = weight; return kind }
	switch u.CategoryCode {
	case campaign.VillageCategory:
		return []incidentKind{w(fire, 30), w(traffic, 25), k("中毒和窒息", 15, 0.1, 2), k("坍塌", 10, 1, 60), k("触电", 10, 0.1, 5), k("淹溺", 5, 0.1, 1), k("机械伤害", 5, 0.2, 10)}
	case "school":
		return []incidentKind{k("其它伤害", 30, 0.1, 5), w(traffic, 25), w(fire, 15), k("坍塌", 10, 1, 40), k("触电", 10, 0.1, 5), k("淹溺", 10, 0.1, 1)}
	case "hospital":
		return []incidentKind{w(fire, 35), k("其它伤害", 30, 0.1, 8), k("触电", 20, 0.1, 5), k("中毒和窒息", 15, 0.1, 3)}
	case "market":
		return []incidentKind{w(fire, 40), k("其它伤害", 30, 0.1, 10), k("触电", 15, 0.1, 5), k("坍塌", 5, 2, 80), k("物体打击", 10, 0.1, 5)}
	case "scenic_area":
		return []incidentKind{k("其它伤害", 30, 0.1, 10), k("高处坠落", 20, 0.1, 5), k("淹溺", 20, 0.1, 2), w(traffic, 15), w(fire, 15)}
	case "religious_site":
		return []incidentKind{w(fire, 70), k("坍塌", 20, 1, 50), k("其它伤害", 10, 0.1, 3)}
	case "station", "airport":
		return []incidentKind{k("车辆伤害", 35, 0.5, 30), w(traffic, 30), w(fire, 15), k("其它伤害", 20, 0.1, 5)}
	case "business_outlet":
		return []incidentKind{w(fire, 45), k("其它爆炸", 10, 2, 150), k("触电", 15, 0.1, 5), k("中毒和窒息", 5, 0.1, 3), k("其它伤害", 15, 0.1, 5), w(traffic, 10)}
	case "factory_mine":
		switch u.SectorNumber {
		case 1:
			return []incidentKind{k("冒顶片帮", 20, 5, 150), k("机械伤害", 20, 1, 50), k("车辆伤害", 15, 1, 40), k("物体打击", 15, 0.5, 20), k("触电", 10, 0.5, 20), k("高处坠落", 10, 0.5, 20), k("透水", 2, 20, 300)}
		case 2, 12:
			return []incidentKind{w(fire, 25), k("其它爆炸", 10, 10, 300), k("灼烫", 15, 0.5, 20), k("中毒和窒息", 20, 0.5, 30), k("机械伤害", 15, 0.5, 30), k("高处坠落", 15, 0.5, 20)}
		case 4:
			return []incidentKind{k("高处坠落", 35, 0.5, 30), k("坍塌", 20, 5, 200), k("物体打击", 20, 0.5, 20), k("起重伤害", 10, 2, 80), k("触电", 10, 0.5, 10), k("机械伤害", 5, 0.5, 20)}
		case 5:
			return []incidentKind{w(traffic, 70), k("车辆伤害", 20, 0.5, 30), k("机械伤害", 10, 0.5, 10)}
		}
		kinds := []incidentKind{k("机械伤害", 30, 0.5, 40), k("物体打击", 15, 0.5, 20), k("高处坠落", 15, 0.5, 20), k("触电", 10, 0.5, 15), k("起重伤害", 10, 2, 60), w(fire, 10), k("中毒和窒息", 5, 0.5, 20), k("车辆伤害", 5, 0.5, 20)}
		if u.SectorNumber == 3 {
			kinds = append(kinds, k("坍塌", 10, 5, 150))
		}
		return kinds
	}
	// other: care homes, culture, water works, power, sports …
	return []incidentKind{w(fire, 35), k("其它伤害", 20, 0.1, 5), k("触电", 15, 0.1, 10), k("淹溺", 10, 0.1, 2), k("中毒和窒息", 10, 0.1, 5), k("机械伤害", 10, 0.5, 20)}
}

// incidentCauses are investigation findings per kind.
var incidentCauses = map[string][]string{
	"火灾":     {"电气线路短路引燃周边可燃物", "违规使用明火引燃可燃物", "电动自行车违规充电时起火", "吸烟不慎引燃杂物", "取暖设备使用不当"},
	"道路交通事故": {"驾驶员操作不当", "车辆超速行驶", "雨雪天气路面湿滑导致车辆失控", "驾驶员疲劳驾驶", "车辆制动失灵"},
	"中毒和窒息":  {"冬季燃煤取暖未安装烟囱导致一氧化碳中毒", "有限空间作业未执行先通风、再检测、后作业", "燃气泄漏后未及时通风"},
	"坍塌":     {"老旧房屋墙体年久失修倒塌", "土方开挖未按规定放坡", "物料堆放过高倒塌", "雨后地基松软导致围墙倒塌"},
	"触电":     {"违规私拉乱接电线", "检修时未断电作业", "设备漏电保护装置失效"},
	"淹溺":     {"水域未设置警示标志和防护设施", "人员违规下水"},
	"机械伤害":   {"设备传动部位未设防护罩", "违章操作机械设备", "检修时未停机挂牌上锁"},
	"其它伤害":   {"地面湿滑未设警示导致人员摔伤", "电梯故障致乘客摔伤", "设施老化松动致人员受伤"},
	"物体打击":   {"作业区域未设置警戒", "高处物料坠落", "物料码放不稳倒落"},
	"高处坠落":   {"高处作业未系挂安全带", "临边洞口防护缺失", "脚手架搭设不规范"},
	"车辆伤害":   {"厂（场）内机动车违章行驶", "装卸作业时车辆溜车", "倒车时未安排专人指挥"},
	"其它爆炸":   {"液化气钢瓶泄漏遇明火爆燃", "违规动火作业引发爆炸", "燃气管道老化泄漏"},
	"冒顶片帮":   {"采掘工作面支护不及时", "顶板管理不到位"},
	"透水":     {"探放水措施落实不到位"},
	"灼烫":     {"危险化学品泄漏致作业人员灼伤", "高温物料喷溅"},
	"起重伤害":   {"起重机械限位装置失灵", "吊索具选用不当", "违章指挥起吊作业"},
}

// incidents draws the unit's incidents of year y: a year has one with the chance that keeps the
// group's zero-accident rate near aimedZeroRate, scaled by how much of the year the unit was on
// the register (and how much of the current year has passed); one in twelve has a second.
func (g *eventGen) incidents(c *eventCounty, u *campaign.Unit, y int, ue *unitEvents) {
	from, to, ok := g.window(u, y)
	if !ok {
		return
	}
	village := u.CategoryCode == campaign.VillageCategory
	p := 1 - aimedZeroRate(village, y) + c.jitter
	if !village {
		if f, ok := incidentFactor[u.CategoryCode]; ok {
			p *= f
		}
	}
	yearDays := days(time.Date(y, 1, 1, 0, 0, 0, 0, campaign.Local), time.Date(y+1, 1, 1, 0, 0, 0, 0, campaign.Local))
	p *= float64(days(from, to)+1) / float64(yearDays)
	if c.rnd.Float64() >= p {
		return
	}
	n := 1
	if c.rnd.IntN(12) == 0 {
		n = 2
	}
	kinds := incidentKinds(u)
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	for range n {
		x, k := c.rnd.IntN(total), kinds[0]
		for _, kk := range kinds {
			if x < kk.weight {
				k = kk
				break
			}
			x -= kk.weight
		}
		at := g.clock(c, g.randomDay(c, from, to), 6, 22)
		inc := campaign.Incident{UnitID: u.ID, CountyCode: u.CountyCode, SectorNumber: u.SectorNumber, OccurredAt: at, Kind: k.name, CreatedAt: at}
		switch r := c.rnd.IntN(1000); {
		case r < 5:
			inc.Deaths, inc.Injuries = 2, c.rnd.IntN(3)
		case r < 35:
			inc.Deaths, inc.Injuries = 1, c.rnd.IntN(3)
		case r < 80:
			inc.SeriousInjuries, inc.Injuries = 1+c.rnd.IntN(2), c.rnd.IntN(3)
		case r < 220:
			inc.Injuries = 1 + c.rnd.IntN(3)
		}
		// material loss (log-uniform within the kind's range) plus the cost of casualties
		loss := k.lossLo * math.Pow(k.lossHi/k.lossLo, c.rnd.Float64())
		loss += float64(inc.Deaths)*(90+60*c.rnd.Float64()) + float64(inc.SeriousInjuries)*(8+30*c.rnd.Float64()) + float64(inc.Injuries)*(0.5+4*c.rnd.Float64())
		inc.DirectLossWan = math.Round(min(loss, 950)*100) / 100 // stays below the 较大 threshold of 1,000 万元
		inc.Severity = campaign.SeverityOf(inc.Deaths, inc.SeriousInjuries, inc.DirectLossWan)
		ue.incidents = append(ue.incidents, len(g.set.Incidents))
		ue.causes = append(ue.causes, oneOf(c, incidentCauses[k.name]...))
		g.set.Incidents = append(g.set.Incidents, inc)
	}
}

// deadlyKinds are the accidents that kill several people at once.
var deadlyKinds = map[string]bool{"火灾": true, "其它爆炸": true, "坍塌": true, "中毒和窒息": true, "道路交通事故": true, "冒顶片帮": true, "透水": true}

// company tells the businesses (factories, mines, shops, markets) from schools, hospitals and the
// other enterprise-group units: the blacklist and the worst accidents are theirs.
func company(u *campaign.Unit) bool {
	switch u.CategoryCode {
	case "factory_mine", "business_outlet", "market":
		return true
	}
	return false
}

// largerAccident makes, in about two of five real counties (and one in thirty synthetic ones),
// one company's accident of a finished year a 较大事故 with three deaths: a handful over the
// city's seven years, none ever of a higher class.
func (g *eventGen) largerAccident(c *eventCounty, units []*campaign.Unit, ue []unitEvents) {
	chance := 40
	if c.synthetic {
		chance = 3
	}
	if c.rnd.IntN(100) >= chance {
		return
	}
	var candidates []int
	for i, u := range units {
		if !company(u) {
			continue
		}
		for _, k := range ue[i].incidents {
			if inc := &g.set.Incidents[k]; inc.OccurredAt.Year() < g.lastDay.Year() && deadlyKinds[inc.Kind] {
				candidates = append(candidates, k)
			}
		}
	}
	if len(candidates) == 0 {
		return
	}
	inc := &g.set.Incidents[oneOf(c, candidates...)]
	inc.Deaths, inc.SeriousInjuries, inc.Injuries = 3, c.rnd.IntN(4), 1+c.rnd.IntN(5)
	inc.DirectLossWan = math.Round((300+600*c.rnd.Float64())*100) / 100
	inc.Severity = campaign.SeverityOf(inc.Deaths, inc.SeriousInjuries, inc.DirectLossWan)
}

func (g *eventGen) describeIncident(u *campaign.Unit, inc *campaign.Incident, cause string) string {
	what := inc.Kind
	if what != "火灾" && !strings.HasSuffix(what, "事故") {
		what += "事故"
	}
	var hurt []string
	if inc.Deaths > 0 {
		hurt = append(hurt, fmt.Sprintf("%d人死亡", inc.Deaths))
	}
	if inc.SeriousInjuries > 0 {
		hurt = append(hurt, fmt.Sprintf("%d人重伤", inc.SeriousInjuries))
	}
	if inc.Injuries > 0 {
		hurt = append(hurt, fmt.Sprintf("%d人轻伤", inc.Injuries))
	}
	casualties := "未造成人员伤亡"
	if len(hurt) > 0 {
		casualties = "造成" + strings.Join(hurt, "、")
	}
	at := inc.OccurredAt
	s := fmt.Sprintf("%d年%d月%d日%d时%d分，%s发生一起%s，%s，直接经济损失%.2f万元。经调查，事故原因为%s。",
		at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), u.Name, what, casualties, inc.DirectLossWan, cause)
	if inc.Severity == campaign.SeverityLarger {
		s += "该事故为较大生产安全事故，由市人民政府成立事故调查组调查处理。"
	}
	return s
}

// blacklist lists one company of a real county that had an incident long enough ago to have
// been investigated: the one with the 较大事故 if there is one, else one with deaths, else any.
func (g *eventGen) blacklist(c *eventCounty, units []*campaign.Unit, ue []unitEvents) {
	type candidate struct{ unit, incident, tier int }
	var best []candidate
	latest := g.lastDay.AddDate(0, 0, -90)
	for i, u := range units {
		if !company(u) {
			continue
		}
		for _, k := range ue[i].incidents {
			inc := &g.set.Incidents[k]
			if inc.OccurredAt.After(latest) {
				continue
			}
			tier := 0
			switch {
			case inc.Severity != campaign.SeverityGeneral:
				tier = 2
			case inc.Deaths > 0:
				tier = 1
			}
			switch {
			case len(best) > 0 && tier < best[0].tier:
			case len(best) > 0 && tier > best[0].tier:
				best = []candidate{{i, k, tier}}
			default:
				best = append(best, candidate{i, k, tier})
			}
		}
	}
	if len(best) == 0 {
		return
	}
	pick := oneOf(c, best...)
	inc := &g.set.Incidents[pick.incident]
	reason := []string{
		"发生生产安全事故后拒不整改重大事故隐患",
		"发生亡人事故，经调查存在非法违法生产经营行为",
		"发生较大事故且瞒报",
	}[pick.tier]
	listed := campaign.DayOf(inc.OccurredAt).AddDate(0, 0, 30+c.rnd.IntN(46))
	g.set.Blacklist = append(g.set.Blacklist, campaign.BlacklistEntry{
		UnitID: inc.UnitID, CountyCode: inc.CountyCode, Reason: reason, ListedOn: listed, DecidedBy: "市应急管理局",
	})
	ue[pick.unit].blacklisted = listed.Year()
}

// ---- certifications ----

// certify confirms about nine in ten zero-accident years once the year is over, in January, by
// the county government, or the sector's lead department for a city-level unit (the plan's
// 认定). A vetoed year, a year not yet over and a blacklisted unit's years are not certified.
func (g *eventGen) certify(c *eventCounty, u *campaign.Unit, y int, vetoed bool, blacklisted int) {
	if vetoed || y >= g.lastDay.Year() || (blacklisted != 0 && y >= blacklisted) || c.rnd.IntN(100) >= 90 {
		return
	}
	at := time.Date(y+1, 1, 5+c.rnd.IntN(21), 9+c.rnd.IntN(8), c.rnd.IntN(60), 0, 0, campaign.Local)
	if at.After(g.now) {
		return // early January: this year's certification has not happened yet
	}
	by := c.name + "人民政府"
	if strings.Contains(c.name, "开发区") {
		by = c.name + "管理委员会" // a development zone has a management committee, not a government
	}
	if lead, ok := g.ref.leads[u.SectorNumber]; ok && u.CityLevel {
		by = lead
	}
	g.set.Certifications = append(g.set.Certifications, postgres.BulkCertification{
		Certification: campaign.Certification{UnitID: u.ID, Year: y, CertifiedByName: by, CertifiedAt: at},
		CountyCode:    u.CountyCode,
	})
}

// ---- inspections ----

func (g *eventGen) externalKind(c *eventCounty, u *campaign.Unit) string {
	switch r := c.rnd.IntN(100); {
	case r < 30 || (r < 60 && u.CityLevel): // the city inspects its own units, not the county
		return campaign.InspectionDepartment
	case r < 60:
		return campaign.InspectionCounty
	case r < 75:
		return campaign.InspectionSupervision
	case r < 90:
		return campaign.InspectionUnannounced
	}
	return campaign.InspectionExpert
}

// countyDepartment is a city department's counterpart in a county: 市住建局 → 朔城区住建局.
func countyDepartment(county, city string) string {
	switch city {
	case "市消防救援支队":
		return county + "消防救援大队"
	case "市公安交警支队":
		return county + "公安交警大队"
	case "市卫健委":
		return county + "卫生健康局"
	case "市发改委":
		return county + "发展和改革局"
	}
	if rest, ok := strings.CutPrefix(city, "市"); ok {
		return county + rest
	}
	return city // 朔州车务段 works across the counties
}

// inspector is who inspects and for whom: the unit itself, a department, the county, the city's
// supervision and unannounced teams, or experts. Teams are two people.
func (g *eventGen) inspector(c *eventCounty, u *campaign.Unit, kind string) (name, body string) {
	lead := g.ref.leads[u.SectorNumber]
	if lead == "" {
		lead = "市应急管理局"
	}
	switch kind {
	case campaign.InspectionSelfCheck:
		if u.PrincipalName != "" && c.rnd.IntN(100) < 30 {
			return u.PrincipalName, u.Name
		}
		return g.person(c), u.Name
	case campaign.InspectionDepartment:
		if u.CityLevel || c.rnd.IntN(2) == 0 {
			body = lead
		} else {
			body = countyDepartment(c.name, lead)
		}
		return g.person(c), body
	case campaign.InspectionCounty:
		return g.person(c), c.name + oneOf(c, "应急管理局", "安委会办公室", "安全生产检查组")
	case campaign.InspectionSupervision:
		body = oneOf(c, "市安委会督导组", "市零事故创建工作专班督导组", fmt.Sprintf("市安委会第%s督导组", chineseNumber(1+c.rnd.IntN(7))))
	case campaign.InspectionUnannounced:
		body = oneOf(c, "市应急管理局明查暗访组", "市安委办暗访组", "市零事故创建工作专班暗访组")
	default:
		body = oneOf(c, "专家组", "市应急管理局安全生产专家组", "安全生产专家会诊组")
	}
	return g.person(c) + "、" + g.person(c), body
}

// inspect records one inspection of u on day with its results, and the hazards it found.
// Standard 3.3 (当年无各类安全事故) fails once the unit had an incident that year.
func (g *eventGen) inspect(c *eventCounty, u *campaign.Unit, kind string, day time.Time, incidents []time.Time) {
	at := g.clock(c, day, 9, 17)
	noGoods := u.CategoryCode == campaign.VillageCategory || u.CategoryCode == "school"
	factor := inspectionFactor(day.Year(), kind == campaign.InspectionSelfCheck)
	vetoed := slices.ContainsFunc(incidents, func(t time.Time) bool { return !t.After(at) })
	var results []campaign.InspectionResult
	var findings, failed []string
	for i, code := range g.ref.standards {
		remark := ""
		switch {
		case code == "3.2" && noGoods:
			continue
		case code == "3.3" && vetoed:
			remark = vetoRemark
		case c.rnd.Float64() < notMetChance[code]*factor:
			remark = "未达到创建标准要求"
			if pool := notMetRemarks[code]; len(pool) > 0 {
				remark = oneOf(c, pool...)
			}
		default:
			continue
		}
		if results == nil {
			results = slices.Clone(g.allMet)
			if noGoods {
				results = slices.Clone(g.allMetNoGoods)
			}
		}
		results[i].Result, results[i].Remark = campaign.ResultNotMet, remark
		findings, failed = append(findings, remark), append(failed, code)
	}
	name, body := g.inspector(c, u, kind)
	in := postgres.BulkInspection{Inspection: campaign.Inspection{
		UnitID: u.ID, CountyCode: u.CountyCode, InspectedOn: day, Kind: kind, InspectorName: name, InspectingBody: body, CreatedAt: at,
	}}
	index := len(g.set.Inspections)
	hazards := 0
	if len(findings) > 0 && c.rnd.IntN(100) < 30 {
		hazards = 1
		if c.rnd.IntN(100) < 30 {
			hazards = 2
		}
		for k := range hazards {
			// each hazard is one of the standards the inspection found not met (不符合项)
			g.hazard(c, u, index, strings.SplitN(name, "、", 2)[0], at, failed[k%len(failed)])
		}
	}
	switch {
	case results == nil && kind == campaign.InspectionSelfCheck:
		in.Results = g.allMet
		if noGoods {
			in.Results = g.allMetNoGoods
		}
		in.Summary = "对照十项创建标准逐项自查，均符合要求。"
	case results == nil:
		in.Results = g.allMet
		if noGoods {
			in.Results = g.allMetNoGoods
		}
		in.Summary = "检查组对照创建标准逐项检查，未发现问题。"
	default:
		in.Results = results
		in.Summary = fmt.Sprintf("%d项不符合创建标准：%s。", len(findings), strings.Join(findings, "；"))
		if hazards > 0 {
			in.Summary += fmt.Sprintf("排查发现隐患%d处，", hazards)
		}
		in.Summary += "已责令限期整改。"
	}
	g.set.Inspections = append(g.set.Inspections, in)
}

// ---- hazards ----

// hazardItem is a hazard an inspection may find; fix is what removing it takes.
type hazardItem struct {
	category, text, fix string
	// major: serious enough to be a 重大隐患
	major bool
}

// hazardPools are hazards by subject.
var hazardPools = map[string][]hazardItem{
	"fire": {
		{"消防安全", "消防通道堵塞，杂物占用疏散通道", "清理疏散通道杂物并设置禁止占用标识", false},
		{"消防安全", "灭火器过期未更换", "更换过期灭火器并建立定期检查记录", false},
		{"消防安全", "安全出口指示标志损坏", "更换损坏的疏散指示标志", false},
		{"消防安全", "室内消火栓被遮挡，无法正常使用", "移除遮挡物并检测消火栓出水", false},
		{"消防安全", "应急照明灯不亮", "维修更换应急照明灯具", false},
		{"消防安全", "人员密集场所安全出口上锁", "拆除门锁，确保营业期间安全出口畅通", true},
	},
	"electric": {
		{"用电安全", "电气线路老化，存在私拉乱接现象", "更换老化线路，拆除私拉乱接线路", false},
		{"用电安全", "配电箱未设置漏电保护装置", "加装漏电保护器并定期测试", false},
		{"用电安全", "电动自行车在楼道内停放充电", "清理楼道车辆，设置集中充电点", false},
	},
	"gas": {
		{"燃气安全", "燃气管道未设报警装置", "安装可燃气体报警装置和自动切断阀", true},
		{"燃气安全", "液化气钢瓶与灶具间距不足", "按规范调整钢瓶位置", false},
		{"燃气安全", "燃气软管老化开裂", "更换金属波纹软管", false},
	},
	"village": {
		{"房屋安全", "农村自建房墙体开裂，存在倒塌风险", "组织房屋安全鉴定，危房人员撤离并加固改造", true},
		{"道路交通", "村道急弯处未设置警示标志和防护栏", "设置警示标志、减速带和波形护栏", false},
		{"燃煤取暖", "冬季取暖煤炉未安装烟囱，存在一氧化碳中毒风险", "安装烟囱和一氧化碳报警器，入户宣传", false},
		{"农机安全", "农机具带病作业", "停用检修并进行年度检验", false},
		{"防溺水", "村内坑塘未设置防溺水警示牌", "设置警示牌和防护栏", false},
	},
	"coal": {
		{"矿山安全", "井下局部通风机未实现双电源自动切换", "完善局部通风机双电源切换装置并试验", true},
		{"矿山安全", "采掘工作面支护不到位", "补强支护，严格执行敲帮问顶制度", true},
		{"矿山安全", "瓦斯监测探头未按期校验", "按期校验监测探头并建立校验台账", false},
		{"矿山安全", "带式输送机防护罩缺失", "加装防护罩和急停拉绳", false},
	},
	"noncoal": {
		{"非煤矿山", "尾矿库坝体渗水", "降低库水位，开展坝体稳定性评估并加固", true},
		{"非煤矿山", "露天采场边坡存在浮石", "清理浮石，按设计削坡降段", true},
		{"冶金工贸", "高温熔融金属作业区地面有积水", "清除积水并完善防水措施", false},
		{"冶金工贸", "除尘系统未定期清理积尘", "建立清扫制度，定期清理积尘", false},
	},
	"chemical": {
		{"危险化学品", "储罐区未设置可燃气体报警仪", "安装可燃、有毒气体检测报警系统", true},
		{"危险化学品", "危化品仓库混存禁忌物料", "按性质分区分类存放", true},
		{"危险化学品", "动火作业未办理审批手续", "严格执行特殊作业审批制度", false},
	},
	"construction": {
		{"建筑施工", "脚手架未设安全网", "按规范满挂密目式安全网", false},
		{"建筑施工", "基坑临边未设防护栏杆", "设置临边防护栏杆和警示标志", true},
		{"建筑施工", "塔吊限位装置失灵", "停用塔吊，维修限位装置并经检测合格后使用", true},
		{"建筑施工", "施工现场临时用电未做到一机一闸一漏", "按规范整改临时用电系统", false},
	},
	"transport": {
		{"道路运输", "营运车辆未按期进行安全技术检验", "车辆停运并按期检验", false},
		{"道路运输", "车载动态监控装置失效", "维修监控装置并落实监控值守", false},
		{"道路运输", "驾驶员未按规定参加安全教育培训", "组织补训并建立培训档案", false},
	},
	"factory": {
		{"工贸企业", "机械设备传动部位未设防护罩", "加装防护罩并设置警示标识", false},
		{"工贸企业", "特种作业人员未持证上岗", "停止无证人员作业并组织培训取证", false},
		{"工贸企业", "有限空间作业未执行先通风、再检测、后作业", "完善有限空间作业审批和检测设备", true},
		{"工贸企业", "粉尘涉爆区域电气设备不防爆", "更换防爆电气设备", true},
	},
	"school": {
		{"校园安全", "校舍屋面渗漏，部分墙体开裂", "组织校舍安全鉴定并维修加固", false},
		{"校园安全", "学校围墙存在倒塌风险", "拆除危险围墙段并重建", true},
		{"校园安全", "食堂燃气未安装报警装置", "安装燃气泄漏报警装置", false},
		{"校园安全", "校车安全设备配备不全", "补齐安全锤、灭火器等设备", false},
	},
	"hospital": {
		{"医疗机构", "医用氧气瓶未固定存放", "设置气瓶固定装置并分区存放", false},
		{"医疗机构", "病房走廊堆放杂物阻碍疏散", "清理走廊杂物", false},
		{"医疗机构", "配电室未配备绝缘防护用品", "配齐绝缘手套、绝缘靴等防护用品", false},
	},
	"market": {
		{"商贸场所", "电梯未按期检验", "停用电梯，检验合格后恢复使用", false},
		{"商贸场所", "仓库物品堆放超高，影响自动喷水灭火", "按规定控制堆垛高度", false},
		{"商贸场所", "彩钢板房违规住人", "清退住人并拆除违规隔断", true},
	},
	"catering": {
		{"餐饮场所", "油烟管道未定期清洗", "清洗油烟管道并建立清洗记录", false},
		{"餐饮场所", "厨房使用液化气与明火作业区未分隔", "改用管道燃气或设置独立气瓶间", true},
	},
	"religious": {
		{"宗教场所", "香炉距可燃物过近，未配置灭火器材", "移开可燃物，配置灭火器和消防水缸", false},
		{"宗教场所", "殿堂内电气线路未穿管保护", "线路穿阻燃管敷设", false},
		{"宗教场所", "木结构古建筑未安装防雷设施", "安装防雷设施并定期检测", false},
	},
	"scenic": {
		{"景区安全", "游览步道护栏松动", "加固更换护栏", false},
		{"景区安全", "游乐设施未按期检验", "停用设施，检验合格后开放", true},
		{"景区安全", "景区水域未设置防溺水警示", "设置警示牌和救生设施", false},
	},
	"station": {
		{"站场安全", "候车室安检设备故障", "维修安检设备并落实人工检查", false},
		{"站场安全", "危险品查堵制度落实不到位", "完善查堵制度并开展培训", false},
		{"站场安全", "站内车辆通道标线不清", "重新施划标线和导向标志", false},
	},
	"care": {
		{"养老机构", "养老机构未安装自动喷水灭火系统", "安装简易喷淋和独立式烟感报警器", true},
		{"养老机构", "老年人房间使用大功率电器", "清理大功率电器，加装限流装置", false},
	},
	"water": {
		{"水利设施", "水库溢洪道堵塞", "清理溢洪道，汛前完成检查", true},
		{"水利设施", "提水站电机防护缺失", "加装电机防护和警示标识", false},
	},
	"power": {
		{"电力设施", "变电站防小动物措施不全", "封堵电缆孔洞，加装挡鼠板", false},
		{"电力设施", "风机塔筒爬梯防坠器失效", "更换防坠器并检验", false},
	},
}

// hazardTopics are the pools a unit's hazards come from.
func hazardTopics(u *campaign.Unit) []string {
	switch u.CategoryCode {
	case campaign.VillageCategory:
		return []string{"village", "village", "fire", "electric", "gas"}
	case "school":
		return []string{"school", "school", "fire", "electric"}
	case "hospital":
		return []string{"hospital", "fire", "electric"}
	case "market":
		return []string{"market", "fire", "electric"}
	case "scenic_area":
		return []string{"scenic", "fire"}
	case "religious_site":
		return []string{"religious", "religious", "fire"}
	case "station", "airport":
		return []string{"station", "transport", "fire"}
	case "business_outlet":
		switch u.SectorNumber {
		case 2:
			return []string{"chemical", "fire"}
		case 8:
			return []string{"catering", "gas", "fire"}
		case 5:
			return []string{"factory", "fire", "electric"}
		}
		return []string{"fire", "fire", "electric", "gas"}
	case "factory_mine":
		switch u.SectorNumber {
		case 1:
			return []string{"coal", "coal", "electric", "fire"}
		case 2, 12:
			return []string{"chemical", "chemical", "fire"}
		case 3:
			return []string{"noncoal", "factory", "electric"}
		case 4:
			return []string{"construction", "construction", "electric"}
		case 5:
			return []string{"transport", "transport", "fire"}
		case 19:
			return []string{"power", "electric", "fire"}
		case 22:
			return []string{"gas", "factory", "electric"}
		}
		return []string{"factory", "factory", "fire", "electric"}
	}
	switch u.SectorNumber { // other
	case 14:
		return []string{"care", "fire", "gas"}
	case 17:
		return []string{"water", "electric"}
	case 19:
		return []string{"power", "electric"}
	case 7, 13:
		return []string{"factory", "fire"}
	}
	return []string{"fire", "electric"}
}

var (
	stateFound      = campaign.HazardFound
	stateRectifying = campaign.HazardRectifying
	stateVerified   = campaign.HazardVerified
)

// hazard records a hazard found by inspection index at found, and walks it through the closed
// loop 排查 → 治理 → 验收 → 销号 as far as today allows. General hazards are mostly fixed within
// one to four weeks, or on the spot (FOUND → VERIFIED); a major one gets a plan, a responsible
// person and a 30-90 day deadline first. Some of this year's hazards stall, and their deadlines
// pass: the overdue ones a dashboard should show.
func (g *eventGen) hazard(c *eventCounty, u *campaign.Unit, inspection int, inspector string, found time.Time, standard string) {
	topics := hazardTopics(u)
	pool := hazardPools[oneOf(c, topics...)]
	major := c.rnd.IntN(100) < 5
	if major {
		var majors []hazardItem
		for _, t := range topics {
			for _, it := range hazardPools[t] {
				if it.major {
					majors = append(majors, it)
				}
			}
		}
		if len(majors) > 0 {
			pool = majors
		}
	}
	item := oneOf(c, pool...)
	foundOn := campaign.DayOf(found)
	h := postgres.BulkHazard{Inspection: inspection, Hazard: campaign.Hazard{
		UnitID: u.ID, CountyCode: u.CountyCode, SectorNumber: u.SectorNumber, Level: campaign.HazardGeneral, State: campaign.HazardFound,
		Description: item.text, Category: item.category, FoundOn: foundOn, CreatedAt: found, StandardCode: &standard,
	}}
	rectifier := g.person(c)
	verifier := g.person(c)
	for verifier == rectifier || verifier == inspector {
		verifier = g.person(c)
	}
	type step struct {
		to        campaign.HazardState
		from      *campaign.HazardState
		actor, nt string
		at        time.Time
	}
	steps := []step{{to: campaign.HazardFound, actor: inspector, nt: "排查发现", at: found}}
	thisYear := found.Year() == g.lastDay.Year()
	if major {
		h.Level = campaign.HazardMajor
		deadline := foundOn.AddDate(0, 0, 30+c.rnd.IntN(61))
		plan := "制定专项整改方案：" + item.fix + "；整改期间落实临时管控措施，必要时停产停业整改。"
		person := u.PrincipalName
		if person == "" {
			person = g.person(c)
		}
		h.Deadline, h.RectificationPlan, h.ResponsiblePerson = &deadline, &plan, &person
		rect := g.after(c, found, 1, 5)
		steps = append(steps, step{to: campaign.HazardRectifying, from: &stateFound, actor: rectifier, nt: "按整改方案组织治理", at: rect})
		if !thisYear || c.rnd.IntN(100) >= 20 {
			verified := g.after(c, found, 20, days(foundOn, deadline))
			steps = append(steps,
				step{to: campaign.HazardVerified, from: &stateRectifying, actor: verifier, nt: "整改完成，经复查验收合格", at: verified},
				step{to: campaign.HazardClosed, from: &stateVerified, actor: verifier, nt: "验收合格，予以销号", at: g.after(c, verified, 1, 7)})
		}
	} else if c.rnd.IntN(100) < 40 {
		// 边排查边整治: fixed on the spot
		verified := found.Add(time.Duration(60+c.rnd.IntN(120)) * time.Minute)
		steps = append(steps,
			step{to: campaign.HazardVerified, from: &stateFound, actor: verifier, nt: "当场整改完毕，复查合格", at: verified},
			step{to: campaign.HazardClosed, from: &stateVerified, actor: verifier, nt: "验收合格，予以销号", at: g.after(c, verified, 0, 2)})
	} else {
		deadline := foundOn.AddDate(0, 0, 7+c.rnd.IntN(24))
		person := g.person(c)
		h.Deadline, h.ResponsiblePerson = &deadline, &person
		stall := thisYear && c.rnd.IntN(100) < 3
		if !stall || c.rnd.IntN(2) == 0 {
			rect := g.after(c, found, 0, 2)
			steps = append(steps, step{to: campaign.HazardRectifying, from: &stateFound, actor: rectifier, nt: "已落实整改措施，正在整改", at: rect})
			if !stall {
				last := days(foundOn, deadline)
				if c.rnd.IntN(10) == 0 {
					last += 1 + c.rnd.IntN(10) // a little late
				}
				verified := g.after(c, rect, 5, max(5, last-days(foundOn, campaign.DayOf(rect))))
				steps = append(steps,
					step{to: campaign.HazardVerified, from: &stateRectifying, actor: verifier, nt: "整改完成，经复查验收合格", at: verified},
					step{to: campaign.HazardClosed, from: &stateVerified, actor: verifier, nt: "验收合格，予以销号", at: g.after(c, verified, 0, 3)})
			}
		}
	}
	for _, s := range steps {
		if s.at.After(g.now) {
			break // not yet happened
		}
		h.Transitions = append(h.Transitions, campaign.HazardTransition{From: s.from, To: s.to, ActorName: s.actor, Note: s.nt, At: s.at})
		h.State, h.UpdatedAt = s.to, s.at
		if s.to == campaign.HazardClosed {
			closed := campaign.DayOf(s.at)
			h.ClosedOn = &closed
		}
	}
	g.set.Hazards = append(g.set.Hazards, h)
}

// ---- order ----

// sortByTime puts every table in the order things happened, so that ids grow with time as they
// would had users entered them; hazards keep pointing at their inspections.
func (g *eventGen) sortByTime() {
	s := &g.set
	perm := make([]int, len(s.Inspections))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int {
		return s.Inspections[a].CreatedAt.Compare(s.Inspections[b].CreatedAt)
	})
	newIndex := make([]int, len(perm))
	sorted := make([]postgres.BulkInspection, len(perm))
	for to, from := range perm {
		sorted[to] = s.Inspections[from]
		newIndex[from] = to
	}
	s.Inspections = sorted
	for i := range s.Hazards {
		if s.Hazards[i].Inspection >= 0 {
			s.Hazards[i].Inspection = newIndex[s.Hazards[i].Inspection]
		}
	}
	slices.SortStableFunc(s.Hazards, func(a, b postgres.BulkHazard) int { return a.CreatedAt.Compare(b.CreatedAt) })
	slices.SortStableFunc(s.Incidents, func(a, b campaign.Incident) int { return a.OccurredAt.Compare(b.OccurredAt) })
	slices.SortStableFunc(s.Certifications, func(a, b postgres.BulkCertification) int { return a.CertifiedAt.Compare(b.CertifiedAt) })
	slices.SortStableFunc(s.Blacklist, func(a, b campaign.BlacklistEntry) int { return a.ListedOn.Compare(b.ListedOn) })
}
