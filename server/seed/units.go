package seed

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"zeroaccident/server/campaign"
)

// The demo register: the real villages come from the reference seed; everything else (schools,
// mines, shops …) has no public list, so it is generated here, deterministically from a seed, with
// names, places and sectors that look like Shuozhou's.
const (
	// unitsPerScale is the number of non-village units per scale step: the real city at scale 1,
	// and seven synthetic counties for each further step.
	unitsPerScale = 10_000
	// syntheticCountiesPerScale matches the city's seven county-level divisions.
	syntheticCountiesPerScale = 7
	// syntheticVillagesPerCounty is about the real average (1,277 villages in 7 counties).
	syntheticVillagesPerCounty = 180
)

// SyntheticDivisions returns the (scale−1)×7 synthetic counties of a province-sized data set, each
// with 8-12 towns. Their codes start with 99, which GB/T 2260 never assigns, so they cannot clash
// with a real division; town codes follow the real pattern (001… streets, 100… towns, 200…
// townships).
func SyntheticDivisions(scale int) ([]campaign.County, []campaign.Town) {
	if scale <= 1 {
		return nil, nil
	}
	n := (scale - 1) * syntheticCountiesPerScale
	streets := []string{"东城街道", "西城街道"}
	bigTowns := []string{"城关镇", "新城镇", "古城镇", "河口镇", "石桥镇", "柳林镇"}
	smallTowns := []string{"南山乡", "北川乡", "东坡乡", "西河乡", "杨树乡", "马坊乡", "红土乡", "三岔乡"}
	counties := make([]campaign.County, 0, n)
	var towns []campaign.Town
	for i := 1; i <= n; i++ {
		c := campaign.County{Code: fmt.Sprintf("99%04d", i), Name: fmt.Sprintf("模拟县%04d", i), Synthetic: true}
		counties = append(counties, c)
		add := func(suffix int, name string) {
			towns = append(towns, campaign.Town{Code: fmt.Sprintf("%s%03d", c.Code, suffix), CountyCode: c.Code, Name: name})
		}
		for j, name := range streets {
			add(1+j, name)
		}
		for j, name := range bigTowns[:4] {
			add(100+j, name)
		}
		for j, name := range smallTowns[:2+i%5] {
			add(200+j, name)
		}
	}
	return counties, towns
}

// DemoUnits generates the demo register besides the real villages: about 10,000 units per scale
// step in the ten non-village categories, with officers[i] the safety officers of units[i]. For
// scale > 1, counties and towns must include the synthetic ones of SyntheticDivisions(scale); their
// villages are generated too (category village_community, no division code). The same arguments
// give the same result, whatever the order of counties and towns.
func DemoUnits(scale int, seed int64, counties []campaign.County, towns []campaign.Town) ([]campaign.Unit, [][]campaign.SafetyOfficer, error) {
	if scale < 1 {
		return nil, nil, fmt.Errorf("demo units: scale must be at least 1, got %d", scale)
	}
	counties = slices.SortedFunc(slices.Values(counties), func(a, b campaign.County) int { return cmp.Compare(a.Code, b.Code) })
	towns = slices.SortedFunc(slices.Values(towns), func(a, b campaign.Town) int { return cmp.Compare(a.Code, b.Code) })
	synthetic := 0
	for _, c := range counties {
		if c.Synthetic {
			synthetic++
		}
	}
	if want := (scale - 1) * syntheticCountiesPerScale; synthetic != want {
		return nil, nil, fmt.Errorf("demo units: scale %d needs %d synthetic counties (see SyntheticDivisions), got %d", scale, want, synthetic)
	}
	townsOf := map[string][]campaign.Town{}
	for _, c := range counties {
		townsOf[c.Code] = nil
	}
	for _, t := range towns {
		if _, ok := townsOf[t.CountyCode]; !ok {
			return nil, nil, fmt.Errorf("demo units: town %s %s belongs to county %s, which is not given", t.Code, t.Name, t.CountyCode)
		}
		townsOf[t.CountyCode] = append(townsOf[t.CountyCode], t)
	}
	set := &register{words: newWords(), codes: map[string]bool{}, kinds: unitKinds()}
	syntheticIndex := 0
	for _, c := range counties {
		ts := townsOf[c.Code]
		if len(ts) == 0 {
			return nil, nil, fmt.Errorf("demo units: county %s %s has no towns", c.Code, c.Name)
		}
		code, err := strconv.ParseUint(c.Code, 10, 64)
		if err != nil {
			return nil, nil, fmt.Errorf("demo units: county code %q: %w", c.Code, err)
		}
		// one stream per county: a county's units do not change when other counties are added
		g := newCountyGen(set, c, ts, rand.New(rand.NewPCG(uint64(seed), code)))
		total := 0
		if c.Synthetic {
			total = 1300 + g.rnd.IntN(261) // 1,430 on average: 10,000 per seven counties
		} else {
			total = unitsPerScale * g.profile.share / 1000
		}
		landmarks := g.landmarks()
		if c.Synthetic && syntheticIndex%syntheticCountiesPerScale == 0 {
			landmarks = append(landmarks, landmark{category: "airport", sector: 5, prefix: "91", name: g.region + "民用机场", town: g.seat, cityLevel: true})
		}
		g.generate(total, landmarks)
		if c.Synthetic {
			g.villages(syntheticVillagesPerCounty - 10 + g.rnd.IntN(21))
			syntheticIndex++
		}
	}
	return set.units, set.officers, nil
}

// register is the growing result and what must stay unique across it.
type register struct {
	words    *words
	kinds    []kind
	codes    map[string]bool // credit codes handed out
	units    []campaign.Unit
	officers [][]campaign.SafetyOfficer
}

// countyProfile is what makes a real county's register look like its own: where its seat is,
// how big it is and what it lives on.
type countyProfile struct {
	seat     string  // town code of the county seat
	lon, lat float64 // the seat's position; 0 when unknown
	share    int     // per mille of the city's register
	boost    map[string]int
}

// realProfile describes Shuozhou's counties: 平鲁 and 朔城 are coal country, 怀仁 is known for
// ceramics, 山阴 for dairy, 右玉 for wind farms; the development zone has industry but no mines or
// farms.
func realProfile(code string) countyProfile {
	switch code {
	case "140602": // 朔城区
		return countyProfile{seat: "140602001", lon: 112.432, lat: 39.331, share: 260, boost: map[string]int{"coal": 150}}
	case "140603": // 平鲁区
		return countyProfile{seat: "140603100", lon: 112.288, lat: 39.512, share: 150, boost: map[string]int{"coal": 400, "energy": 200}}
	case "140621": // 山阴县
		return countyProfile{seat: "140621103", lon: 112.816, lat: 39.527, share: 140, boost: map[string]int{"coal": 150, "dairy": 600, "farm": 200}}
	case "140622": // 应县
		return countyProfile{seat: "140622100", lon: 113.191, lat: 39.554, share: 140, boost: map[string]int{"coal": 20, "farm": 200}}
	case "140623": // 右玉县
		return countyProfile{seat: "140623100", lon: 112.466, lat: 39.989, share: 80, boost: map[string]int{"coal": 30, "energy": 400}}
	case "140671": // 山西朔州经济开发区
		return countyProfile{seat: "140671400", lon: 112.470, lat: 39.300, share: 50, boost: map[string]int{"coal": 0, "farm": 0, "dairy": 0, "tech": 400}}
	case "140681": // 怀仁市
		return countyProfile{seat: "140681002", lon: 113.100, lat: 39.828, share: 180, boost: map[string]int{"ceramics": 800, "coal": 150}}
	}
	return countyProfile{share: 1000 / 7}
}

// landmark is a unit every county (or every town) has, with a fixed name.
type landmark struct {
	category, prefix, name string
	sector                 int
	town                   campaign.Town
	cityLevel              bool
}

// kind is one sort of generated unit: a coal mine, a restaurant, a kindergarten …
type kind struct {
	category string
	sector   int
	weight   int
	tag      string // what a county profile may boost: coal, ceramics, dairy, energy, tech, farm
	where    where
	// name returns a name and the credit code's first two characters (91 company, 92 sole trader,
	// 93 farmers' co-operative, 12 public institution, 52 private non-enterprise, 71 religious site)
	name     func(g *countyGen, t campaign.Town) (string, string)
	fullTime float64 // chance that a safety officer works full time
	// cityOK: may be a city-level unit (市直): only companies, whose name then carries the city
	cityOK     bool
	archivable bool // closes now and then (a business, not a school)
}

type where int

const (
	anywhere where = iota
	urban
	rural
)

// categoryShares is each category's share of the generated register, per mille. Airports are only
// landmarks.
func categoryShares() []struct {
	category string
	share    int
} {
	return []struct {
		category string
		share    int
	}{
		{"business_outlet", 386}, {"factory_mine", 260}, {"school", 90}, {"hospital", 70}, {"market", 70},
		{"other", 80}, {"religious_site", 25}, {"scenic_area", 15}, {"station", 4},
	}
}

// countyGen generates one county's units.
type countyGen struct {
	*register
	rnd     *rand.Rand
	county  campaign.County
	towns   []campaign.Town
	seat    campaign.Town
	profile countyProfile
	// region is how names start: 朔州市朔城区, 山阴县, 模拟县0001; city is the city-level form; r
	// is the one the unit being generated uses
	region, city, r string
	// address is how addresses start, before the town
	address string
	// names in use in the county: unique county-wide, which is stricter than the register's rule
	// (unique within a town) and reads more like a real register
	names map[string]bool
	// cumulative town weights for each where
	townWeights [3][]int
}

func newCountyGen(reg *register, c campaign.County, towns []campaign.Town, rnd *rand.Rand) *countyGen {
	g := &countyGen{register: reg, rnd: rnd, county: c, towns: towns, seat: towns[0], names: map[string]bool{}}
	if !c.Synthetic {
		g.profile = realProfile(c.Code)
	}
	for _, t := range towns {
		if t.Code == g.profile.seat {
			g.seat = t
		}
	}
	switch {
	case c.Synthetic:
		g.region, g.city, g.address = c.Name, c.Name, c.Name
	case strings.HasSuffix(c.Name, "区") && !strings.Contains(c.Name, "开发区"):
		g.region, g.city, g.address = "朔州市"+c.Name, "朔州市", "朔州市"+c.Name
	default:
		g.region, g.city, g.address = c.Name, "朔州市", "朔州市"+c.Name
	}
	if strings.Contains(c.Name, "开发区") {
		g.address = "" // its one town, 山西朔州经济开发区街道, already says it
	}
	for w := range g.townWeights {
		sum := 0
		for _, t := range towns {
			sum += townWeight(t, t.Code == g.seat.Code, where(w))
			g.townWeights[w] = append(g.townWeights[w], sum)
		}
	}
	return g
}

// townType is 's' for a street (街道), 't' for a town (镇), 'x' for a township (乡) and 'f' for the
// state farms and forests (农牧场, 林场), from the GB/T 2260 town code.
func townType(t campaign.Town) byte {
	switch t.Code[6] {
	case '0', '4':
		return 's'
	case '1':
		return 't'
	case '2', '3':
		return 'x'
	}
	return 'f'
}

func townWeight(t campaign.Town, seat bool, w where) int {
	typ := townType(t)
	if seat {
		typ = 's'
	}
	switch {
	case typ == 'f':
		return 1
	case w == urban && typ == 's':
		return 6
	case w == rural && typ == 's':
		return 1
	case w == rural:
		return 3
	case typ == 's':
		return 3
	case typ == 't':
		return 2
	}
	return 1
}

func (g *countyGen) pickTown(w where) campaign.Town {
	cum := g.townWeights[w]
	return g.towns[searchCum(cum, g.rnd.IntN(cum[len(cum)-1]))]
}

// inTown is the start of a name that belongs to a town: 山阴县玉井镇, or just the town where its name
// already carries the county.
func (g *countyGen) inTown(t campaign.Town) string {
	if strings.HasPrefix(t.Name, g.county.Name) {
		return t.Name
	}
	return g.region + t.Name
}

func (g *countyGen) trade() string { return g.words.trade(g.rnd) }
func (g *countyGen) place() string { return g.words.place(g.rnd) }
func (g *countyGen) road() string  { return g.words.road(g.rnd) }

func (g *countyGen) oneOf(s ...string) string { return s[g.rnd.IntN(len(s))] }

// chance is true in pct out of 100 cases.
func (g *countyGen) chance(pct int) bool { return g.rnd.IntN(100) < pct }

// landmarks are the public institutions every county and town has, and the city's own.
func (g *countyGen) landmarks() []landmark {
	var out []landmark
	add := func(category string, sector int, prefix, name string, t campaign.Town, cityLevel bool) {
		out = append(out, landmark{category: category, sector: sector, prefix: prefix, name: name, town: t, cityLevel: cityLevel})
	}
	if !strings.Contains(g.county.Name, "开发区") {
		r, s := g.region, g.seat
		add("hospital", 16, "12", r+"人民医院", s, false)
		add("hospital", 16, "12", r+"中医医院", s, false)
		add("hospital", 16, "12", r+"妇幼保健院", s, false)
		add("school", 11, "12", r+"第一中学", s, false)
		add("school", 11, "12", r+"职业中学", s, false)
		add("school", 11, "12", r+"实验小学", s, false)
		add("station", 5, "91", r+"汽车客运站", s, false)
		add("other", 14, "12", r+"社会福利院", s, false)
		add("other", 15, "12", r+"图书馆", s, false)
	}
	for _, t := range g.towns {
		switch townType(t) {
		case 's':
			add("hospital", 16, "12", g.inTown(t)+"社区卫生服务中心", t, false)
		case 't', 'x':
			add("hospital", 16, "12", g.inTown(t)+"卫生院", t, false)
			add("school", 11, "12", g.inTown(t)+"中心学校", t, false)
			add("other", 14, "12", g.inTown(t)+"敬老院", t, false)
		}
	}
	town := func(code string) (campaign.Town, bool) {
		i := slices.IndexFunc(g.towns, func(t campaign.Town) bool { return t.Code == code })
		if i < 0 {
			return campaign.Town{}, false
		}
		return g.towns[i], true
	}
	// a few real places, so the demo reads like Shuozhou
	known := []struct {
		town, category, prefix, name string
		sector                       int
		cityLevel                    bool
	}{
		{"140602202", "airport", "91", "朔州滋润机场", 5, true},
		{"140602001", "station", "91", "朔州站", 24, true},
		{"140602001", "hospital", "12", "朔州市人民医院", 16, true},
		{"140602001", "hospital", "12", "朔州市中医医院", 16, true},
		{"140602002", "hospital", "12", "朔州市妇幼保健院", 16, true},
		{"140602001", "school", "12", "朔州市第一中学校", 11, true},
		{"140602002", "school", "12", "朔州市第二中学校", 11, true},
		{"140602004", "school", "12", "朔州职业技术学院", 11, true},
		{"140602002", "other", "12", "朔州市社会福利院", 14, true},
		{"140602004", "other", "12", "朔州市体育中心", 21, true},
		{"140602001", "scenic_area", "12", "朔州崇福寺文物景区", 15, false},
		{"140603100", "station", "91", "平鲁区井坪煤炭集运站", 24, false},
		{"140621104", "scenic_area", "12", "山阴县广武长城景区", 15, false},
		{"140621103", "station", "91", "山阴站", 24, true},
		{"140622100", "scenic_area", "12", "应县木塔景区", 15, false},
		{"140623101", "scenic_area", "12", "右玉县杀虎口景区", 15, false},
		{"140681002", "station", "91", "怀仁东站", 24, true},
	}
	for _, l := range known {
		if t, ok := town(l.town); ok && !g.county.Synthetic {
			add(l.category, l.sector, l.prefix, l.name, t, l.cityLevel)
		}
	}
	return out
}

// generate adds the county's landmarks and fills every category up to its share of total.
func (g *countyGen) generate(total int, landmarks []landmark) {
	have := map[string]int{}
	for _, l := range landmarks {
		if !g.claimName(l.name) {
			continue // a name given twice in the table
		}
		have[l.category]++
		region := g.county.Code
		if l.cityLevel && !g.county.Synthetic {
			region = g.county.Code[:4] + "00"
		}
		g.add(l.category, l.sector, l.name, l.town, g.creditCode(l.prefix, region), l.cityLevel, 0.6, false, false)
	}
	for _, cs := range categoryShares() {
		n := total*cs.share/1000 - have[cs.category]
		kinds, cum := g.kindsOf(cs.category)
		for range n {
			k := kinds[searchCum(cum, g.rnd.IntN(cum[len(cum)-1]))]
			g.addKind(k)
		}
	}
}

// searchCum finds the entry whose cumulative weight range holds x (0 <= x < the last weight).
func searchCum(cum []int, x int) int {
	i, _ := slices.BinarySearch(cum, x+1)
	return i
}

// kindsOf lists a category's kinds with cumulative weights after the county's boosts.
func (g *countyGen) kindsOf(category string) ([]kind, []int) {
	var ks []kind
	var cum []int
	sum := 0
	for _, k := range g.kinds {
		if k.category != category {
			continue
		}
		w := k.weight * 100
		if b, ok := g.profile.boost[k.tag]; ok && k.tag != "" {
			w = k.weight * b
		}
		if w == 0 {
			continue
		}
		sum += w
		ks = append(ks, k)
		cum = append(cum, sum)
	}
	return ks, cum
}

func (g *countyGen) addKind(k kind) {
	t := g.pickTown(k.where)
	cityLevel := k.cityOK && g.rnd.Float64() < 0.09
	region := g.county.Code
	g.r = g.region
	if cityLevel {
		// a 市直 company is registered with the city and named after it
		g.r = g.city
		if !g.county.Synthetic {
			region = g.county.Code[:4] + "00"
		}
	}
	var name, prefix string
	for try := 1; ; try++ {
		name, prefix = k.name(g, t)
		if try > 30 {
			name = fmt.Sprintf("%s（%d）", name, try-30) // never seen: the pools are large
		}
		if g.claimName(name) {
			break
		}
		if try%10 == 0 {
			t = g.pickTown(k.where) // names that carry the town may be used up there
		}
	}
	g.add(k.category, k.sector, name, t, g.creditCode(prefix, region), cityLevel, k.fullTime, k.archivable, true)
}

func (g *countyGen) claimName(name string) bool {
	if g.names[name] {
		return false
	}
	g.names[name] = true
	return true
}

func (g *countyGen) creditCode(prefix, region string) *string {
	for {
		c := campaign.NewCreditCode(g.rnd, prefix, region)
		if !g.codes[c] {
			g.codes[c] = true
			return &c
		}
	}
}

func days(from, to time.Time) int { return int(to.Sub(from).Hours()/24 + 0.5) }

// add appends one unit with its principal, officers, dates and position.
func (g *countyGen) add(category string, sector int, name string, t campaign.Town, code *string, cityLevel bool, fullTime float64, archivable, late bool) {
	u := campaign.Unit{
		Name:           name,
		CategoryCode:   category,
		SectorNumber:   sector,
		CountyCode:     g.county.Code,
		TownCode:       t.Code,
		Address:        g.addressIn(t),
		CreditCode:     code,
		PrincipalName:  g.words.person(g.rnd),
		PrincipalPhone: g.words.mobile(g.rnd),
		CityLevel:      cityLevel,
		EnrolledOn:     campaign.BaselineDate,
	}
	// most units were on the register at the baseline; some joined over the campaign's three years
	if late && g.rnd.IntN(100) < 15 {
		first := time.Date(2020, 1, 1, 0, 0, 0, 0, campaign.Local)
		last := time.Date(2022, 12, 31, 0, 0, 0, 0, campaign.Local)
		u.EnrolledOn = first.AddDate(0, 0, g.rnd.IntN(days(first, last)+1))
	}
	// businesses close: archived within a year after the enrolment window at the latest
	if archivable && g.rnd.IntN(1000) < 35 {
		span := days(u.EnrolledOn, time.Date(2023, 12, 31, 0, 0, 0, 0, campaign.Local)) - 30
		a := u.EnrolledOn.AddDate(0, 0, 30+g.rnd.IntN(span))
		u.ArchivedOn = &a
	}
	if g.profile.lon != 0 && g.rnd.IntN(100) < 85 {
		lon := clamp(g.profile.lon+(g.rnd.Float64()*2-1)*0.15, 111.9, 113.6)
		lat := clamp(g.profile.lat+(g.rnd.Float64()*2-1)*0.12, 39.0, 40.3)
		lon, lat = math.Round(lon*1e6)/1e6, math.Round(lat*1e6)/1e6
		u.Longitude, u.Latitude = &lon, &lat
	}
	n := 1
	switch r := g.rnd.IntN(100); {
	case r >= 90:
		n = 3
	case r >= 55:
		n = 2
	}
	officers := make([]campaign.SafetyOfficer, n)
	for i := range officers {
		officers[i] = campaign.SafetyOfficer{
			Name:     g.words.person(g.rnd),
			Phone:    g.words.mobile(g.rnd),
			FullTime: g.rnd.Float64() < fullTime,
		}
	}
	g.units = append(g.units, u)
	g.officers = append(g.officers, officers)
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

// addressIn is an address in town t: its street or village and a number.
func (g *countyGen) addressIn(t campaign.Town) string {
	w := g.words
	if townType(t) == 's' || t.Code == g.seat.Code {
		return fmt.Sprintf("%s%s%s%d号", g.address, t.Name, w.road(g.rnd), 1+g.rnd.IntN(300))
	}
	return fmt.Sprintf("%s%s%s村%d号", g.address, t.Name, w.place(g.rnd), 1+g.rnd.IntN(120))
}

// villages adds a synthetic county's villages and communities, as the reference seed registers
// the real ones: no credit code, principal or officers.
func (g *countyGen) villages(n int) {
	for range n {
		t := g.pickTown(anywhere)
		var name string
		for try := 1; ; try++ {
			place := g.words.place(g.rnd)
			if try > 30 {
				place += strconv.Itoa(try - 30) // never seen: the pool is large
			}
			if townType(t) == 's' {
				name = place + "社区居民委员会"
			} else {
				name = place + "村民委员会"
			}
			if g.claimName(t.Code + name) {
				break
			}
		}
		g.units = append(g.units, campaign.Unit{
			Name:         name,
			CategoryCode: campaign.VillageCategory,
			SectorNumber: campaign.VillageSector,
			CountyCode:   g.county.Code,
			TownCode:     t.Code,
			Address:      g.address + t.Name + strings.TrimSuffix(strings.TrimSuffix(name, "村民委员会"), "居民委员会"),
			EnrolledOn:   campaign.BaselineDate,
		})
		g.officers = append(g.officers, nil)
	}
}

// unitKinds lists what the generator makes of each category, with sectors from the plan's table:
// coal 1; chemicals, drugs, fuel and fireworks 2; other mines, metallurgy and building materials 3;
// construction 4; transport 5; hotels and bath houses (fire safety) 6; environment 7; food, drugs
// and gas cylinders 8; forests 9; industry and IT 10; schools 11; blasting 12; grain 13; care homes
// 14; culture and tourism 15; health 16; water works 17; farming 18; energy 19; trade 20; sports
// 21; city utilities 22; couriers 23; railways 24; religion 25.
func unitKinds() []kind {
	company := func(suffixes ...string) func(g *countyGen, t campaign.Town) (string, string) {
		return func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.trade() + g.oneOf(suffixes...), "91"
		}
	}
	// a sole trader's shop, now and then incorporated
	shop := func(suffixes ...string) func(g *countyGen, t campaign.Town) (string, string) {
		return func(g *countyGen, t campaign.Town) (string, string) {
			prefix := "92"
			if g.chance(20) {
				prefix = "91"
			}
			return g.r + g.trade() + g.oneOf(suffixes...), prefix
		}
	}
	// a small shop known by its town (玉井镇鑫源便利店)
	townShop := func(suffixes ...string) func(g *countyGen, t campaign.Town) (string, string) {
		return func(g *countyGen, t campaign.Town) (string, string) {
			return g.inTown(t) + g.trade() + g.oneOf(suffixes...), "92"
		}
	}
	return []kind{
		// 厂矿(企业)
		{category: "factory_mine", sector: 1, weight: 12, tag: "coal", where: rural, fullTime: 0.9, cityOK: true, archivable: true, name: company("煤业有限公司", "煤业有限责任公司", "煤矿有限公司")},
		{category: "factory_mine", sector: 1, weight: 5, tag: "coal", where: rural, fullTime: 0.8, cityOK: true, archivable: true, name: company("洗煤有限公司", "选煤有限公司", "煤炭洗选有限公司")},
		{category: "factory_mine", sector: 2, weight: 3, where: rural, fullTime: 0.8, cityOK: true, archivable: true, name: company("化工有限公司", "精细化工有限公司", "化工科技有限公司")},
		{category: "factory_mine", sector: 2, weight: 1, where: anywhere, fullTime: 0.7, cityOK: true, archivable: true, name: company("药业有限公司", "制药有限公司")},
		{category: "factory_mine", sector: 3, weight: 3, where: rural, fullTime: 0.8, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(40) {
				return g.inTown(t) + g.place() + g.oneOf("石料厂", "采石场", "石灰石矿"), "92"
			}
			return g.r + g.trade() + g.oneOf("矿业有限公司", "铁矿有限公司"), "91"
		}},
		{category: "factory_mine", sector: 3, weight: 3, where: anywhere, fullTime: 0.6, cityOK: true, archivable: true, name: company("铸造有限公司", "机械制造有限公司", "冶金有限公司", "铁合金有限公司")},
		{category: "factory_mine", sector: 3, weight: 2, tag: "ceramics", where: anywhere, fullTime: 0.6, cityOK: true, archivable: true, name: company("陶瓷有限公司", "瓷业有限公司", "日用陶瓷有限公司")},
		{category: "factory_mine", sector: 3, weight: 3, where: rural, fullTime: 0.6, cityOK: true, archivable: true, name: company("新型建材有限公司", "水泥有限公司", "商品混凝土有限公司", "粉煤灰综合利用有限公司")},
		{category: "factory_mine", sector: 4, weight: 8, where: urban, fullTime: 0.7, cityOK: true, archivable: true, name: company("建筑工程有限公司", "建筑安装工程有限公司", "路桥工程有限公司", "建设集团有限公司")},
		{category: "factory_mine", sector: 5, weight: 6, where: anywhere, fullTime: 0.6, cityOK: true, archivable: true, name: company("运输有限公司", "物流运输有限公司", "汽车运输有限公司")},
		{category: "factory_mine", sector: 7, weight: 2, where: rural, fullTime: 0.5, cityOK: true, archivable: true, name: company("环保科技有限公司", "固废综合利用有限公司", "再生资源有限公司")},
		{category: "factory_mine", sector: 8, weight: 3, where: anywhere, fullTime: 0.5, cityOK: true, archivable: true, name: company("食品有限公司", "酒业有限公司", "肉制品加工有限公司", "粮油食品有限公司")},
		{category: "factory_mine", sector: 8, weight: 1, tag: "dairy", where: rural, fullTime: 0.6, cityOK: true, archivable: true, name: company("乳业有限公司", "乳品有限公司")},
		{category: "factory_mine", sector: 10, weight: 2, tag: "tech", where: urban, fullTime: 0.3, cityOK: true, archivable: true, name: company("信息技术有限公司", "电子科技有限公司", "大数据科技有限公司", "智能装备有限公司")},
		{category: "factory_mine", sector: 12, weight: 1, tag: "coal", where: rural, fullTime: 0.9, cityOK: true, archivable: true, name: company("爆破工程有限公司")},
		{category: "factory_mine", sector: 13, weight: 1, where: rural, fullTime: 0.4, cityOK: true, archivable: true, name: company("粮油购销有限公司", "粮食收储有限公司")},
		{category: "factory_mine", sector: 18, weight: 5, tag: "farm", where: rural, fullTime: 0.3, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(50) {
				return g.inTown(t) + g.place() + g.oneOf("养殖专业合作社", "农机专业合作社", "种植专业合作社"), "93"
			}
			return g.r + g.trade() + g.oneOf("牧业有限公司", "农牧科技有限公司"), "91"
		}},
		{category: "factory_mine", sector: 19, weight: 3, tag: "energy", where: rural, fullTime: 0.7, cityOK: true, archivable: true, name: company("风力发电有限公司", "光伏发电有限公司", "热电有限公司", "新能源有限公司")},
		{category: "factory_mine", sector: 22, weight: 2, where: urban, fullTime: 0.7, cityOK: true, name: company("供热有限公司", "燃气有限公司", "供水有限公司")},

		// 营业网点
		{category: "business_outlet", sector: 2, weight: 5, where: anywhere, fullTime: 0.5, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(30) {
				return g.inTown(t) + g.place() + "加油站", "91"
			}
			return g.r + g.trade() + "加油站", "91"
		}},
		{category: "business_outlet", sector: 2, weight: 2, where: anywhere, fullTime: 0.1, archivable: true, name: townShop("烟花爆竹零售点")},
		{category: "business_outlet", sector: 8, weight: 12, where: urban, fullTime: 0.1, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(15) {
				return g.r + g.words.pick(g.rnd, g.words.surnames) + "记" + g.oneOf("面馆", "刀削面馆", "莜面馆", "饺子馆"), "92"
			}
			return shop("饭店", "餐馆", "酒楼", "火锅店", "羊杂割馆", "快餐店")(g, t)
		}},
		{category: "business_outlet", sector: 8, weight: 2, where: anywhere, fullTime: 0.4, archivable: true, name: company("液化气供应站", "液化石油气有限公司")},
		{category: "business_outlet", sector: 8, weight: 4, where: urban, fullTime: 0.1, archivable: true, name: shop("大药房", "药店", "医药连锁店")},
		{category: "business_outlet", sector: 23, weight: 4, where: urban, fullTime: 0.2, archivable: true, name: shop("快递服务部", "物流有限公司", "快递代办点", "速递有限公司")},
		{category: "business_outlet", sector: 6, weight: 5, where: urban, fullTime: 0.2, archivable: true, name: shop("宾馆", "大酒店", "快捷酒店", "旅馆")},
		{category: "business_outlet", sector: 6, weight: 2, where: urban, fullTime: 0.1, archivable: true, name: shop("洗浴中心", "浴池")},
		{category: "business_outlet", sector: 15, weight: 3, where: urban, fullTime: 0.1, archivable: true, name: shop("网吧", "歌舞厅", "网络会所")},
		{category: "business_outlet", sector: 5, weight: 3, where: anywhere, fullTime: 0.2, archivable: true, name: shop("汽车修理厂", "汽车维修服务部", "汽车维修有限公司")},
		{category: "business_outlet", sector: 5, weight: 1, where: urban, fullTime: 0.4, archivable: true, name: company("机动车驾驶员培训有限公司", "驾驶员培训学校有限公司")},
		{category: "business_outlet", sector: 20, weight: 5, where: anywhere, fullTime: 0.1, archivable: true, name: shop("五金建材店", "建材经销部", "家电商行", "五金交电门市部")},
		{category: "business_outlet", sector: 20, weight: 6, where: anywhere, fullTime: 0.1, archivable: true, name: townShop("便利店", "百货商店", "日杂门市部")},
		{category: "business_outlet", sector: 18, weight: 2, where: rural, fullTime: 0.1, archivable: true, name: townShop("农资经销部", "种子化肥门市部")},

		// 市(商)场
		{category: "market", sector: 20, weight: 10, where: urban, fullTime: 0.3, archivable: true, name: shop("超市", "购物广场", "生活超市", "连锁超市")},
		{category: "market", sector: 20, weight: 3, where: anywhere, fullTime: 0.3, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(30) {
				return g.inTown(t) + "农贸市场", "91"
			}
			return g.inTown(t) + g.trade() + "农贸市场", "91"
		}},
		{category: "market", sector: 20, weight: 2, where: urban, fullTime: 0.5, cityOK: true, archivable: true, name: company("商厦有限公司", "购物中心有限公司", "百货大楼有限公司")},
		{category: "market", sector: 20, weight: 2, where: urban, fullTime: 0.4, cityOK: true, archivable: true, name: company("建材市场有限公司", "家居广场有限公司", "五金机电市场有限公司")},
		{category: "market", sector: 20, weight: 1, where: anywhere, fullTime: 0.4, cityOK: true, archivable: true, name: company("农产品批发市场有限公司", "二手车交易市场有限公司", "蔬菜批发市场有限公司")},

		// 学校(含幼儿园)
		{category: "school", sector: 11, weight: 8, where: anywhere, fullTime: 0.4, name: func(g *countyGen, t campaign.Town) (string, string) {
			if townType(t) == 's' {
				return g.r + g.road() + "小学", "12"
			}
			return g.inTown(t) + g.place() + "小学", "12"
		}},
		{category: "school", sector: 11, weight: 2, where: anywhere, fullTime: 0.5, name: func(g *countyGen, t campaign.Town) (string, string) {
			switch {
			case g.chance(35):
				return g.r + "第" + chineseNumber(2+g.rnd.IntN(19)) + "中学", "12"
			case g.chance(45):
				return g.inTown(t) + "初级中学", "12"
			}
			return g.inTown(t) + g.place() + "中学", "12"
		}},
		{category: "school", sector: 11, weight: 8, where: urban, fullTime: 0.3, name: func(g *countyGen, t campaign.Town) (string, string) {
			switch {
			case g.chance(25):
				return g.inTown(t) + "中心幼儿园", "12"
			case g.chance(20):
				return g.inTown(t) + g.place() + "幼儿园", "52"
			}
			return g.r + g.trade() + g.oneOf("幼儿园", "双语幼儿园", "艺术幼儿园"), "52"
		}},
		{category: "school", sector: 11, weight: 1, where: urban, fullTime: 0.3, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.trade() + g.oneOf("职业培训学校", "技工学校", "培训学校"), "52"
		}},

		// 医院
		{category: "hospital", sector: 16, weight: 10, where: urban, fullTime: 0.2, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(30) {
				return g.r + g.words.pick(g.rnd, g.words.surnames) + "氏" + g.oneOf("中医诊所", "口腔诊所", "骨科诊所"), "52"
			}
			return g.r + g.trade() + g.oneOf("诊所", "中医诊所", "口腔诊所"), g.oneOf("52", "92")
		}},
		{category: "hospital", sector: 16, weight: 6, where: rural, fullTime: 0.2, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.inTown(t) + g.place() + "村卫生室", "52"
		}},
		{category: "hospital", sector: 16, weight: 3, where: urban, fullTime: 0.3, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.trade() + g.oneOf("门诊部", "口腔门诊部", "中医门诊部"), g.oneOf("52", "91")
		}},
		{category: "hospital", sector: 16, weight: 3, where: urban, fullTime: 0.5, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.trade() + g.oneOf("医院", "骨科医院", "眼科医院", "康复医院", "妇产医院"), g.oneOf("52", "91")
		}},
		{category: "hospital", sector: 16, weight: 2, where: urban, fullTime: 0.3, name: func(g *countyGen, t campaign.Town) (string, string) {
			if townType(t) != 's' {
				return g.inTown(t) + g.place() + "卫生服务站", "52"
			}
			return g.r + g.road() + "社区卫生服务站", "52"
		}},

		// 景区
		{category: "scenic_area", sector: 15, weight: 1, where: rural, fullTime: 0.4, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(50) {
				return g.r + g.trade() + g.oneOf("农业观光园", "生态旅游区", "滑雪场", "温泉度假村"), "91"
			}
			return g.r + g.place() + g.oneOf("生态园", "森林公园", "湿地公园", "古堡景区", "长城遗址景区"), "12"
		}},

		// 宗教场所
		{category: "religious_site", sector: 25, weight: 1, where: anywhere, fullTime: 0.1, name: func(g *countyGen, t campaign.Town) (string, string) {
			w := g.words
			switch {
			case g.chance(55):
				return g.inTown(t) + g.place() + w.pick(g.rnd, w.shrines), "71"
			case g.chance(60):
				return g.inTown(t) + w.pick(g.rnd, w.temples) + "寺", "71"
			}
			return g.inTown(t) + g.place() + g.oneOf("天主堂", "基督教堂", "清真寺"), "71"
		}},

		// 其它
		{category: "other", sector: 14, weight: 6, where: anywhere, fullTime: 0.4, archivable: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.trade() + g.oneOf("养老院", "老年公寓", "养老服务中心", "颐养院"), "52"
		}},
		{category: "other", sector: 13, weight: 2, where: rural, fullTime: 0.4, cityOK: true, name: company("粮食储备库有限公司", "国家粮食储备库")},
		{category: "other", sector: 15, weight: 2, where: anywhere, fullTime: 0.2, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(40) {
				return g.inTown(t) + "综合文化站", "12"
			}
			return g.r + g.trade() + g.oneOf("影城", "文化广场", "剧院"), "91"
		}},
		{category: "other", sector: 17, weight: 2, where: rural, fullTime: 0.5, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.place() + g.oneOf("水库管理站", "灌区管理站", "提水站"), "12"
		}},
		{category: "other", sector: 21, weight: 1, where: urban, fullTime: 0.3, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(40) {
				return g.inTown(t) + "全民健身中心", "12"
			}
			return g.r + g.trade() + g.oneOf("体育馆", "健身馆", "游泳馆"), "92"
		}},
		{category: "other", sector: 9, weight: 1, where: rural, fullTime: 0.5, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.place() + g.oneOf("林场", "国有林场", "地质灾害监测站"), "12"
		}},
		{category: "other", sector: 7, weight: 1, where: anywhere, fullTime: 0.5, cityOK: true, name: company("污水处理有限公司", "垃圾处理有限公司")},
		{category: "other", sector: 19, weight: 1, where: rural, fullTime: 0.8, cityOK: true, name: func(g *countyGen, t campaign.Town) (string, string) {
			return g.r + g.place() + g.oneOf("110千伏变电站", "35千伏变电站", "220千伏变电站"), "91"
		}},

		// 车站
		{category: "station", sector: 5, weight: 3, where: anywhere, fullTime: 0.6, name: func(g *countyGen, t campaign.Town) (string, string) {
			if g.chance(50) {
				return g.inTown(t) + "客运站", "91"
			}
			return g.r + g.trade() + g.oneOf("公交场站", "货运站"), "91"
		}},
		{category: "station", sector: 24, weight: 2, tag: "coal", where: rural, fullTime: 0.8, cityOK: true, name: company("煤炭集运站", "铁路专用线发运站")},
	}
}

// chineseNumber writes 1-99 in Chinese numerals, as school names do (第十二中学).
func chineseNumber(n int) string {
	const digits = "零一二三四五六七八九"
	d := func(i int) string { return string([]rune(digits)[i]) }
	switch {
	case n < 10:
		return d(n)
	case n < 20:
		return "十" + strings.TrimPrefix(d(n%10), "零")
	default:
		return d(n/10) + "十" + strings.TrimPrefix(d(n%10), "零")
	}
}

// words are the pools names are built from, made once per DemoUnits call.
type words struct {
	surnames, given, tradeA, tradeB []string
	placeStart, placeEnd            []string
	roads, roadEnds                 []string
	shrines, temples                []string
	mobilePrefixes                  []string
}

func newWords() *words {
	chars := func(s string) []string { return strings.Split(s, "") }
	return &words{
		// common surnames of northern Shanxi
		surnames: chars("王李张刘赵杨郭高武田段贾霍韩孙任薛梁冯侯吕马白范郝乔曹许宋史秦常尹卫牛姚温柴闫陈周吴徐胡朱何罗苏程邢翟申安康崔杜魏石孟"),
		given:    chars("建国军华平明强伟勇斌峰涛磊亮鹏俊杰波辉刚文武志红芳丽敏静燕霞英兰萍娟秀玲梅琴云海林宏晓东金玉春生利忠宝福瑞鑫宇浩凯飞龙"),
		tradeA:   chars("鑫恒泰宏兴盛永瑞华晋源德丰顺昌隆金祥福通达荣嘉新鼎聚利佳安宝同合广天众益诚正汇"),
		tradeB:   chars("源泰达兴盛丰通利隆鑫发昌华辉宇峰凯诚信和远洋博润晟宸阳光运成业茂旺元宏康赢"),
		// village-like place names: 王家堡, 上窑, 马营 …
		placeStart: chars("东西南北大小新上下前后中高马石杨柳红白黄"),
		placeEnd:   chars("庄堡窑营沟湾坪峪梁寨屯洼坡口"),
		roads: strings.Fields("开发 民福 建设 文远 新华 鄯阳 张辽 马邑 北关 府东 府西 振华 育才 迎宾 和平 文化 兴业 人民 中心 " +
			"东环 西环 南环 北环 滨河 桑干 恢河 七里河 金沙 云中 玉井 长城 友谊 振兴 新建 工业 学府 朝阳 富民 幸福 安康"),
		roadEnds:       strings.Fields("路 街 大街 南路 北路 东街 西街"),
		shrines:        strings.Fields("关帝庙 龙王庙 观音庙 真武庙 娘娘庙 三官庙 玉皇阁 奶奶庙 五道庙 老爷庙 财神庙 文昌阁"),
		temples:        strings.Fields("崇福 延庆 宝宁 普济 兴国 法华 福胜 永安 净土 清凉 万佛 云峰 慈云 华严 广济 圆通"),
		mobilePrefixes: strings.Fields("130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 170 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 198 199"),
	}
}

func (w *words) pick(rnd *rand.Rand, list []string) string { return list[rnd.IntN(len(list))] }

func (w *words) person(rnd *rand.Rand) string {
	name := w.pick(rnd, w.surnames) + w.pick(rnd, w.given)
	if rnd.IntN(10) < 7 {
		name += w.pick(rnd, w.given)
	}
	return name
}

func (w *words) mobile(rnd *rand.Rand) string {
	return fmt.Sprintf("%s%08d", w.pick(rnd, w.mobilePrefixes), rnd.IntN(100_000_000))
}

// trade is a shop's or company's 字号 of two different characters.
func (w *words) trade(rnd *rand.Rand) string {
	a, b := w.pick(rnd, w.tradeA), w.pick(rnd, w.tradeB)
	for a == b {
		b = w.pick(rnd, w.tradeB)
	}
	return a + b
}

func (w *words) place(rnd *rand.Rand) string {
	if rnd.IntN(10) < 7 {
		return w.pick(rnd, w.surnames) + "家" + w.pick(rnd, w.placeEnd)
	}
	return w.pick(rnd, w.placeStart) + w.pick(rnd, w.placeEnd)
}

func (w *words) road(rnd *rand.Rand) string {
	return w.pick(rnd, w.roads) + w.pick(rnd, w.roadEnds)
}
