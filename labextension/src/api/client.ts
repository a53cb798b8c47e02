/**
 * Typed calls of the RPCs the panel uses. Paths and methods are the protos' google.api.http annotations.
 */
import { ModelDBHttp } from './http';
import type {
  AuditRecord,
  Comment,
  Dataset,
  DatasetVersion,
  DownsampledSeries,
  Experiment,
  ExperimentRun,
  GetUrlForArtifactResponse,
  Int64,
  MetricSeries,
  Observation,
  Project,
  ProjectSummary,
  QueryRunsRequest,
  QueryRunsResponse,
  RunState
} from './types';

/** One page of a find call. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** The largest page the panel asks for when it wants "everything" (projects, experiments, datasets). */
export const LIST_LIMIT = 1000;

/** int64 on the wire (a string) as a JS number; absent means 0, as proto3 defaults are omitted. */
export function int64(value: Int64 | undefined): number {
  if (value === undefined || value === '') {
    return 0;
  }
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

export interface AuditQuery {
  entity_id?: string;
  entity_type?: string;
  action?: string;
  page_number?: number;
  page_limit?: number;
  descending?: boolean;
}

/** What the panel needs from ModelDB, one method per RPC. */
export class ModelDBClient {
  constructor(readonly http: ModelDBHttp = new ModelDBHttp()) {}

  async findProjects(pageLimit = LIST_LIMIT): Promise<Page<Project>> {
    const r = await this.http.call<{ projects?: Project[]; total_records?: Int64 }>('POST', 'project/findProjects', {
      page_number: 1,
      page_limit: pageLimit,
      sort_key: 'name',
      ascending: true
    });
    return { items: r.projects ?? [], total: int64(r.total_records) };
  }

  getSummary(projectId: string): Promise<ProjectSummary> {
    // GetSummary's only field is spelled entityId in the proto.
    return this.http.call<ProjectSummary>('GET', 'project/getSummary', { entityId: projectId });
  }

  async findExperiments(projectId: string, pageLimit = LIST_LIMIT): Promise<Page<Experiment>> {
    const r = await this.http.call<{ experiments?: Experiment[]; total_records?: Int64 }>(
      'POST',
      'experiment/findExperiments',
      { project_id: projectId, page_number: 1, page_limit: pageLimit, sort_key: 'name', ascending: true }
    );
    return { items: r.experiments ?? [], total: int64(r.total_records) };
  }

  /** Runs matching a query of the boolean query language (400 with line and column on syntax errors). */
  async queryRuns(request: QueryRunsRequest): Promise<{ runs: ExperimentRun[]; total: number; states: RunState[] }> {
    const r = await this.http.call<QueryRunsResponse>('POST', 'ext/queryRuns', { ...request });
    return { runs: r.experiment_runs ?? [], total: int64(r.total_records), states: r.states ?? [] };
  }

  /** How many runs an experiment holds (an ids-only query of one row: the count is total_records). */
  async countRuns(experimentId: string): Promise<number> {
    const r = await this.queryRuns({ experiment_id: experimentId, ids_only: true, page_number: 1, page_limit: 1 });
    return r.total;
  }

  async getRun(id: string): Promise<ExperimentRun> {
    const r = await this.http.call<{ experiment_run?: ExperimentRun }>('GET', 'experiment-run/getExperimentRunById', {
      id
    });
    if (!r.experiment_run) {
      throw new Error(`run ${id} was not returned`);
    }
    return r.experiment_run;
  }

  async getExperiment(id: string): Promise<Experiment> {
    const r = await this.http.call<{ experiment?: Experiment }>('GET', 'experiment/getExperimentById', { id });
    return r.experiment ?? { id };
  }

  async getProject(id: string): Promise<Project> {
    const r = await this.http.call<{ project?: Project }>('GET', 'project/getProjectById', { id });
    return r.project ?? { id };
  }

  async getObservations(runId: string, key?: string): Promise<Observation[]> {
    const r = await this.http.call<{ observations?: Observation[] }>('GET', 'experiment-run/getObservations', {
      id: runId,
      observation_key: key
    });
    return r.observations ?? [];
  }

  /** Full metric series of the runs (all keys when `keys` is empty), ordered by step. */
  async getMetricHistory(runIds: string[], keys: string[] = []): Promise<MetricSeries[]> {
    if (runIds.length === 0) {
      return [];
    }
    const r = await this.http.call<{ series?: MetricSeries[] }>('POST', 'ext/getMetricHistory', {
      run_ids: runIds,
      keys
    });
    return r.series ?? [];
  }

  /**
   * The runs' series reduced by the server to at most `buckets` step ranges (first and last point, exact
   * minimum and maximum per range): what a chart draws, whatever the length of the series.
   */
  async downsampleMetricHistory(runIds: string[], buckets: number, keys: string[] = []): Promise<DownsampledSeries[]> {
    if (runIds.length === 0) {
      return [];
    }
    const r = await this.http.call<{ series?: DownsampledSeries[] }>('POST', 'ext/downsampleMetricHistory', {
      run_ids: runIds,
      keys,
      buckets
    });
    return r.series ?? [];
  }

  async getRunStates(runIds: string[]): Promise<RunState[]> {
    if (runIds.length === 0) {
      return [];
    }
    const r = await this.http.call<{ states?: RunState[] }>('POST', 'ext/getRunStates', { run_ids: runIds });
    return r.states ?? [];
  }

  async findAuditRecords(query: AuditQuery): Promise<Page<AuditRecord>> {
    const r = await this.http.call<{ records?: AuditRecord[]; total_records?: Int64 }>('POST', 'ext/findAuditRecords', {
      ...query
    });
    return { items: r.records ?? [], total: int64(r.total_records) };
  }

  async getComments(entityId: string): Promise<Comment[]> {
    const r = await this.http.call<{ comments?: Comment[] }>('GET', 'comment/getExperimentRunComments', {
      entity_id: entityId
    });
    return r.comments ?? [];
  }

  async addComment(entityId: string, message: string): Promise<Comment | undefined> {
    const r = await this.http.call<{ comment?: Comment }>('POST', 'comment/addExperimentRunComment', {
      entity_id: entityId,
      message,
      date_time: Date.now()
    });
    return r.comment;
  }

  /**
   * A download URL for an artifact of a run (`CODE` addresses the run's code archive instead of an artifact).
   */
  async artifactUrl(runId: string, key: string, artifactType?: string): Promise<string> {
    const r = await this.http.call<GetUrlForArtifactResponse>('POST', 'experiment-run/getUrlForArtifact', {
      id: runId,
      key,
      method: 'GET',
      artifact_type: artifactType
    });
    if (!r.url) {
      throw new Error(`no download URL for artifact ${key}`);
    }
    return r.url;
  }

  async findDatasets(pageLimit = LIST_LIMIT): Promise<Page<Dataset>> {
    const r = await this.http.call<{ datasets?: Dataset[]; total_records?: Int64 }>('POST', 'dataset/findDatasets', {
      page_number: 1,
      page_limit: pageLimit,
      sort_key: 'name',
      ascending: true
    });
    return { items: r.datasets ?? [], total: int64(r.total_records) };
  }

  async findDatasetVersions(datasetId: string, pageLimit = LIST_LIMIT): Promise<Page<DatasetVersion>> {
    const r = await this.http.call<{ dataset_versions?: DatasetVersion[]; total_records?: Int64 }>(
      'POST',
      'dataset-version/findDatasetVersions',
      { dataset_id: datasetId, page_number: 1, page_limit: pageLimit, sort_key: 'time_logged', ascending: false }
    );
    return { items: r.dataset_versions ?? [], total: int64(r.total_records) };
  }

  async runsOfDatasetVersion(datasetVersionId: string, pageLimit = LIST_LIMIT): Promise<Page<ExperimentRun>> {
    const r = await this.http.call<{ experiment_runs?: ExperimentRun[]; total_records?: Int64 }>(
      'GET',
      'experiment-run/getExperimentRunsByDatasetVersionId',
      { dataset_version_id: datasetVersionId, page_number: 1, page_limit: pageLimit }
    );
    return { items: r.experiment_runs ?? [], total: int64(r.total_records) };
  }
}
