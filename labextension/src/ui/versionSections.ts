/** The model version view's artifact and code sections (downloads through RegistryService getUrlForArtifact). */
import type { ModelVersion, RegistryApi } from '../api/registry';
import type { Artifact } from '../api/types';
import { versionArtifacts } from '../model/registry';
import { blobSummary } from '../model/versioning';
import { fileNameOf } from './artifacts';
import type { ModelDBContext } from './context';
import { button, empty, h, keyValueTable, section } from './dom';
import { reporting } from './notify';

/** Save a version's artifact: bytes of this server are fetched with credentials, other URLs opened directly. */
async function download(
  ctx: ModelDBContext,
  api: RegistryApi,
  version: ModelVersion,
  artifact: Artifact
): Promise<void> {
  const url = await api.artifactUrl(version.id, artifact.key, artifact.artifact_type);
  const http = ctx.client.http;
  if (!http.ownUrl(url)) {
    window.open(url, '_blank', 'noopener');
    return;
  }
  const blob = await http.fetchBytes(url);
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileNameOf(artifact);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

export function versionArtifactsSection(ctx: ModelDBContext, api: RegistryApi, version: ModelVersion): HTMLElement {
  const artifacts = versionArtifacts(version);
  if (artifacts.length === 0) {
    return section('Artifacts', empty('No model or artifacts logged.'));
  }
  const save = (a: Artifact): void => void reporting(`downloading ${a.key}`, () => download(ctx, api, version, a));
  return section(
    'Artifacts',
    h(
      'table',
      { className: 'mdb-Table mdb-ModelVersion-artifacts' },
      h('thead', {}, h('tr', {}, ...['key', 'type', 'path', ''].map(c => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...artifacts.map(a =>
          h(
            'tr',
            { className: 'mdb-ModelVersion-artifact', data: { artifact: a.key } },
            h('td', {}, a.key),
            h('td', {}, (a.artifact_type ?? 'IMAGE').toLowerCase()),
            h('td', {}, h('code', {}, a.path ?? '')),
            h(
              'td',
              {},
              a.path_only
                ? h('span', { className: 'mdb-Note' }, 'path only')
                : button('Download', () => save(a), { className: 'mdb-Artifact-download' })
            )
          )
        )
      )
    )
  );
}

/** The version's code versions (key → git or notebook blob) and its environment, one line each. */
export function versionCodeSection(version: ModelVersion): HTMLElement {
  const rows: [string, string][] = Object.entries(version.code_blob_map ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, code]) => [key, blobSummary({ code })]);
  if (version.environment) {
    rows.push(['environment', blobSummary({ environment: version.environment })]);
  }
  return section(
    'Code and environment',
    rows.length ? keyValueTable(rows, 'mdb-ModelVersion-code') : empty('No code version or environment logged.')
  );
}
