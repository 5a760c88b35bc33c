package registry

// The spreadsheet layout shared by the import template, the import itself and the export, so an
// exported file can be edited and imported again. Headers are the plan's Chinese terms.
const (
	colName       = "单位名称"
	colCategory   = "单位类别"
	colSector     = "行业领域编号"
	colCounty     = "县(市、区)"
	colTown       = "乡镇(街道)"
	colAddress    = "地址"
	colCreditCode = "统一社会信用代码"
	colPrincipal  = "主要负责人"
	colPhone      = "联系电话"
	colCityLevel  = "市直单位"
	colEnrolledOn = "纳入创建日期"
	colOfficer    = "安全员姓名"
	colOfficerTel = "安全员电话"
	colOfficerFT  = "安全员类型"
)

// importColumns are the template's columns in order; required ones must be present and filled.
var importColumns = []struct {
	header   string
	required bool
	field    string // the GraphQL input field a row error names
	example  string
}{
	{colName, true, "name", "朔州市朔城区示例煤业有限公司"},
	{colCategory, true, "categoryCode", "厂矿(企业)"},
	{colSector, true, "sectorNumber", "1"},
	{colCounty, true, "countyCode", "朔城区"},
	{colTown, true, "townCode", "神头镇"},
	{colAddress, false, "address", "神头镇XX村南500米"},
	{colCreditCode, false, "creditCode", ""},
	{colPrincipal, false, "principalName", "张三"},
	{colPhone, false, "principalPhone", "13912341119"},
	{colCityLevel, false, "cityLevel", "否"},
	{colEnrolledOn, true, "enrolledOn", "2019-12-31"},
	{colOfficer, false, "officers.name", "李四；王五"},
	{colOfficerTel, false, "officers.phone", "13812345678；0349-2345678"},
	{colOfficerFT, false, "officers.fullTime", "专职；兼职"},
}

// templateNotes explain the columns under the template's header.
var templateNotes = []string{
	"带 * 的列必填；第 2 行为示例，导入前请删除。",
	"单位类别填附表1的类别名称：村(社区)、学校(含幼儿园)、医院、景区、市(商)场、厂矿(企业)、车站、机场、营业网点、宗教场所、其它。",
	"行业领域编号为 1-25（见实施方案行业领域分工）；县(市、区)、乡镇(街道)填名称或行政区划代码。",
	"统一社会信用代码 18 位，村(社区)可不填；联系电话为手机号或 0349- 开头的座机号。",
	"市直单位填“是”或“否”；纳入创建日期格式 YYYY-MM-DD。",
	"多名安全员用“；”分隔，姓名、电话、类型（专职/兼职）一一对应。",
}

// exportOnly columns come before and after the import columns in an export.
const (
	colID          = "编号"
	colStatus      = "状态"
	colBlacklisted = "黑名单"
)

// listSep splits the several safety officers of one cell.
const listSep = "；"
