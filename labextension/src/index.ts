/**
 * modeldb-jupyter's JupyterLab extension: the ModelDB side panel, the runs / run / compare / datasets views,
 * the status-bar item with the current notebook's active run, and the command "ModelDB: open run of this
 * notebook".
 */
import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';

import { ModelDBClient } from './api/client';
import { ModelDBHttp } from './api/http';
import { modeldbIcon } from './icon';
import { type NotebookRun, runOfNotebook } from './model/notebookRun';
import { MainAreaOpener } from './opener';
import { reportError } from './ui/notify';
import { ModelDBPanel } from './ui/panel';
import { NotebookRunStatus, kernelIdOf } from './ui/statusItem';

export const PLUGIN_ID = 'modeldb-jupyter:plugin';

export namespace CommandIDs {
  export const openPanel = 'modeldb:open-panel';
  export const openNotebookRun = 'modeldb:open-notebook-run';
  export const openDatasets = 'modeldb:open-datasets';
  export const openRun = 'modeldb:open-run';
  export const openRepository = 'modeldb:open-repository';
  export const refresh = 'modeldb:refresh';
}

const CATEGORY = 'ModelDB';

function activate(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  tracker: INotebookTracker | null,
  statusBar: IStatusBar | null,
  restorer: ILayoutRestorer | null
): void {
  const client = new ModelDBClient(new ModelDBHttp(app.serviceManager.serverSettings));
  const opener = new MainAreaOpener(app, client);
  const ctx = opener.context;

  const panel = new ModelDBPanel(ctx);
  panel.title.icon = modeldbIcon;
  panel.title.caption = 'ModelDB';
  app.shell.add(panel, 'left', { rank: 650 });
  restorer?.add(panel, panel.id);

  const { commands } = app;
  commands.addCommand(CommandIDs.openPanel, {
    label: 'ModelDB: show the side panel',
    execute: () => app.shell.activateById(panel.id)
  });
  commands.addCommand(CommandIDs.refresh, {
    label: 'ModelDB: refresh projects',
    execute: () => panel.refresh()
  });
  commands.addCommand(CommandIDs.openDatasets, {
    label: 'ModelDB: open datasets',
    execute: () => opener.datasets()
  });
  commands.addCommand(CommandIDs.openRun, {
    label: 'ModelDB: open run',
    describedBy: { args: { type: 'object', properties: { runId: { type: 'string' } }, required: ['runId'] } },
    execute: args => {
      if (typeof args.runId === 'string') {
        opener.run(args.runId);
      }
    }
  });
  commands.addCommand(CommandIDs.openRepository, {
    label: 'ModelDB: open repository',
    describedBy: {
      args: {
        type: 'object',
        properties: { repoId: { type: 'string' }, commitSha: { type: 'string' } },
        required: ['repoId']
      }
    },
    execute: args => {
      if (typeof args.repoId === 'string') {
        const commitSha = typeof args.commitSha === 'string' ? args.commitSha : undefined;
        opener.repository({ repoId: args.repoId, commitSha });
      }
    }
  });
  for (const command of [CommandIDs.openPanel, CommandIDs.refresh, CommandIDs.openDatasets]) {
    palette?.addItem({ command, category: CATEGORY });
  }

  if (tracker) {
    commands.addCommand(CommandIDs.openNotebookRun, {
      label: 'ModelDB: open run of this notebook',
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const notebook = tracker.currentWidget;
        if (!notebook) {
          return;
        }
        let found: NotebookRun | undefined;
        try {
          found = await runOfNotebook(client, kernelIdOf(notebook), notebook.context.path);
        } catch (error) {
          reportError('finding the run of this notebook', error);
          return;
        }
        if (found) {
          opener.run(found.run.id);
        } else {
          Notification.info(`ModelDB: no run was logged from ${notebook.context.path} yet.`, { autoClose: 5000 });
        }
      }
    });
    palette?.addItem({ command: CommandIDs.openNotebookRun, category: CATEGORY });
    tracker.currentChanged.connect(() => commands.notifyCommandChanged(CommandIDs.openNotebookRun));

    if (statusBar) {
      const item = new NotebookRunStatus(ctx, tracker);
      statusBar.registerStatusItem('modeldb-jupyter:run-status', {
        item,
        align: 'left',
        rank: 4,
        isActive: () => tracker.currentWidget !== null,
        activeStateChanged: item.activeStateChanged
      });
    }
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'ModelDB experiment tracking: side panel, run views, notebook run status.',
  autoStart: true,
  optional: [ICommandPalette, INotebookTracker, IStatusBar, ILayoutRestorer],
  activate
};

export default plugin;
