// Texts of issue 12: the phone layout, the new roles' pages, the to-do, grids, self-checks and photos.
const fieldZhCN = {
  'app.shortTitle': '零事故创建',
  'layout.openMenu': '打开菜单',
  'filters.show': '筛选',
  'filters.hide': '收起筛选',
  'card.where': '位置',
  'card.deadline': '整改期限',
  'card.state': '状态',
  'card.foundOn': '发现日期',
  'card.details': '详情',
  'card.hideDetails': '收起详情',
};

export default fieldZhCN;
