import { GraphQLClient, type GraphQLErrorView } from './graphql-client';
import type { ExampleRecordingsPageQuery } from './gql/graphql';
import {
  DeleteRecording,
  LiveConferences,
  RecordingsPage,
  StartConferenceRecording,
  StopConferenceRecording,
} from './operations';

// A recordings table: conference names, cursor paging, playback from the pre-signed download
// URLs, and delete when the token allows it; a record button for each live conference (start,
// then stop: the new recording heads the table). Settings come from the URL:
//   ?gateway=http://localhost:4000/graphql#token=<access token>

type Row = NonNullable<NonNullable<ExampleRecordingsPageQuery['recordings']>['nodes'][number]>;

const PAGE_SIZE = 10;
const params = new URLSearchParams(window.location.search);
const endpoint = params.get('gateway') ?? 'http://localhost:4000/graphql';
const tokenInput = element('token') as HTMLInputElement;
tokenInput.value = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
const client = new GraphQLClient(endpoint, () => tokenInput.value.trim());

// Cursors of the pages before the one shown, to page back.
const previousCursors: (string | null)[] = [];
let currentCursor: string | null = null;
let nextCursor: string | null = null;

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found;
}

function button(id: string): HTMLButtonElement {
  return element(id) as HTMLButtonElement;
}

function showStatus(text: string, errors: readonly GraphQLErrorView[] = []): void {
  const status = element('status');
  status.textContent = text;
  status.dataset['codes'] = errors.map((error) => error.code).join(' ');
  for (const error of errors) {
    const line = document.createElement('div');
    line.textContent = `${error.code}: ${error.message}`;
    status.append(line);
  }
}

function formatDuration(millis: number | null): string {
  if (millis === null) return '—';
  const seconds = Math.round(millis / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function renderRow(recording: Row): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.dataset['testid'] = 'row';
  row.dataset['id'] = recording.id;
  const cells = [
    new Date(recording.createdAt).toLocaleString(),
    formatDuration(recording.durationMillis),
    recording.source?.toLowerCase() ?? '—',
    recording.conference?.name ?? '—',
  ];
  for (const text of cells) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  const actions = document.createElement('td');
  const play = document.createElement('button');
  play.textContent = 'Play';
  play.dataset['action'] = 'play';
  const url = recording.downloadUrls?.wav ?? recording.downloadUrls?.mp3 ?? null;
  play.disabled = !url;
  play.addEventListener('click', () => void playRecording(url));
  const remove = document.createElement('button');
  remove.textContent = 'Delete';
  remove.dataset['action'] = 'delete';
  remove.addEventListener('click', () => void deleteRecording(recording.id));
  actions.append(play, remove);
  row.append(actions);
  return row;
}

function unavailableRow(): HTMLTableRowElement {
  const row = document.createElement('tr');
  const cell = document.createElement('td');
  cell.colSpan = 5;
  cell.textContent = 'This recording could not be read.';
  row.append(cell);
  return row;
}

async function load(cursor: string | null): Promise<void> {
  showStatus('Loading…');
  const result = await client.run(RecordingsPage, { first: PAGE_SIZE, after: cursor });
  if (!result.ok) {
    showStatus('Could not load recordings.', result.errors);
    return;
  }
  const { recordings } = result.data;
  if (!recordings) {
    showStatus('Could not load recordings.');
    return;
  }
  currentCursor = cursor;
  nextCursor = recordings.pageInfo.hasNextPage ? recordings.pageInfo.endCursor : null;
  // A row the provider sent broken is null: shown as such, the rest of the page stays.
  element('rows').replaceChildren(
    ...recordings.nodes.map((recording) => (recording ? renderRow(recording) : unavailableRow())),
  );
  button('next').disabled = nextCursor === null;
  button('previous').disabled = previousCursors.length === 0;
  const total = recordings.totalCount;
  const pages = total === null ? '' : ` of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`;
  element('page').textContent = `Page ${previousCursors.length + 1}${pages}`;
  showStatus(total === null ? 'Recordings' : `${total} recordings`);
}

async function playRecording(url: string | null): Promise<void> {
  if (!url) return;
  const player = element('player') as HTMLAudioElement;
  // Pre-signed links expire after minutes: played straight away, never stored.
  player.src = url;
  try {
    await player.play();
  } catch (error) {
    showStatus(`Could not play: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function deleteRecording(id: string): Promise<void> {
  const result = await client.run(DeleteRecording, { id });
  if (!result.ok) {
    showStatus('Could not delete the recording.', result.errors);
    return;
  }
  await load(currentCursor);
  showStatus('Deleted.');
}

/** Live conferences, each with a button that starts and then stops recording it. */
async function loadConferences(): Promise<void> {
  const result = await client.run(LiveConferences, {});
  if (!result.ok) return;
  const items = result.data.conferences.nodes.flatMap((conference) => {
    if (!conference) return [];
    const item = document.createElement('li');
    item.dataset['testid'] = 'live-conference';
    item.dataset['id'] = conference.id;
    const record = document.createElement('button');
    record.dataset['action'] = 'record';
    record.textContent = 'Record';
    record.addEventListener('click', () => void toggleRecording(conference.id, record));
    item.append(`${conference.name ?? conference.id} `, record);
    return [item];
  });
  element('conferences').replaceChildren(...items);
}

async function toggleRecording(conferenceId: string, record: HTMLButtonElement): Promise<void> {
  const recording = record.dataset['recording'] === 'true';
  record.disabled = true;
  const result = recording
    ? await client.run(StopConferenceRecording, { conferenceId })
    : await client.run(StartConferenceRecording, { conferenceId });
  record.disabled = false;
  if (!result.ok) {
    showStatus(`Could not ${recording ? 'stop' : 'start'} recording.`, result.errors);
    return;
  }
  record.dataset['recording'] = String(!recording);
  record.textContent = recording ? 'Record' : 'Stop';
  if (recording) {
    // The provider lists the recording once stopped: it heads the first page.
    previousCursors.length = 0;
    await load(null);
    showStatus('Recording saved.');
  } else {
    showStatus('Recording…');
  }
}

element('next').addEventListener('click', () => {
  if (nextCursor === null) return;
  previousCursors.push(currentCursor);
  void load(nextCursor);
});
element('previous').addEventListener('click', () => {
  if (previousCursors.length === 0) return;
  void load(previousCursors.pop() ?? null);
});
element('reload').addEventListener('click', () => void load(currentCursor));
element('endpoint').textContent = endpoint;
void load(null);
void loadConferences();
