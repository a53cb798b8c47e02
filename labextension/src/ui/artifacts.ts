/** Artifact downloads: ask getUrlForArtifact (GET) for the URL, then save or read the bytes. */
import type { ModelDBClient } from '../api/client';
import type { Artifact } from '../api/types';

/** The file name to save an artifact under: the last segment of its path, else its key (+ extension). */
export function fileNameOf(artifact: Artifact): string {
  const fromPath = (artifact.path ?? '').split('/').pop();
  if (fromPath) {
    return fromPath;
  }
  const ext = artifact.filename_extension ? `.${artifact.filename_extension.replace(/^\./, '')}` : '';
  return `${artifact.key}${ext}`;
}

/** Save an artifact of a run: bytes from this server are fetched with credentials, others opened directly. */
export async function downloadArtifact(
  client: ModelDBClient,
  runId: string,
  artifact: Artifact,
  artifactType?: string
): Promise<void> {
  const url = await client.artifactUrl(runId, artifact.key, artifactType);
  if (!client.http.ownUrl(url)) {
    window.open(url, '_blank', 'noopener');
    return;
  }
  const blob = await client.http.fetchBytes(url);
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileNameOf(artifact);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** The text content of an artifact (for previews of notebooks and cell logs). */
export async function artifactText(client: ModelDBClient, runId: string, artifact: Artifact): Promise<string> {
  const url = await client.artifactUrl(runId, artifact.key);
  const blob = await client.http.fetchBytes(url);
  return blob.text();
}
