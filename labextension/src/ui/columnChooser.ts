/** The column chooser: a drop-down of checkboxes, grouped as run fields, metrics, hyperparameters, attributes. */
import { type Column, KEY_FIELDS } from '../model/columns';
import type { RunsTableModel } from '../model/runsTable';
import { h } from './dom';

const GROUP_TITLES: Record<string, string> = {
  run: 'Run',
  metrics: 'Metrics',
  hyperparameters: 'Hyperparameters',
  attributes: 'Attributes'
};

function checkbox(model: RunsTableModel, column: Column): HTMLElement {
  const input = h('input', { data: { column: column.id } });
  input.type = 'checkbox';
  input.checked = model.isVisible(column);
  input.addEventListener('change', () => model.setVisible(column.id, input.checked));
  return h('label', { className: 'mdb-ColumnChooser-item', title: column.id }, input, column.label);
}

/** The chooser's body for the model's current columns. */
export function columnChooser(model: RunsTableModel): HTMLElement {
  const groups = ['run', ...KEY_FIELDS].map(group => {
    const columns = model.columns.filter(c => (c.field ?? 'run') === group);
    if (columns.length === 0) {
      return null;
    }
    return h(
      'fieldset',
      { className: 'mdb-ColumnChooser-group', data: { group } },
      h('legend', {}, GROUP_TITLES[group] ?? group),
      ...columns.map(c => checkbox(model, c))
    );
  });
  return h('div', { className: 'mdb-ColumnChooser' }, ...groups);
}
