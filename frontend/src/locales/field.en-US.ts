import type fieldZhCN from './field.zh-CN';

const fieldEnUS: Record<keyof typeof fieldZhCN, string> = {
  'app.shortTitle': 'Zero Accident',
  'layout.openMenu': 'Open the menu',
  'filters.show': 'Filters',
  'filters.hide': 'Hide filters',
  'card.where': 'Where',
  'card.deadline': 'Deadline',
  'card.state': 'State',
  'card.foundOn': 'Found on',
  'card.details': 'Details',
  'card.hideDetails': 'Hide details',
};

export default fieldEnUS;
