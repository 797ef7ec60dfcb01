import type {
  SimCall,
  SimConference,
  SimDataset,
  SimParticipant,
  SimRecording,
  SimTranscription,
} from './sim-records';

export interface SeedOptions {
  /** Where the pre-signed download URLs point; the simulator serves audio there. */
  readonly filesBaseUrl?: string;
  readonly seed?: number;
  readonly recordings?: number;
  readonly conferences?: number;
  readonly callSessions?: number;
}

const DEFAULTS = { seed: 20260101, recordings: 300, conferences: 40, callSessions: 60 } as const;
const NEWEST = Date.parse('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const REGIONS = ['us-east', 'us-central', 'eu-west', 'ap-south'] as const;
const TOPICS = ['Weekly sync', 'Support escalation', 'Sales demo', 'Standup', 'Incident bridge'];
const SENTENCES = [
  'Thanks for calling, how can I help you today?',
  'Let us go over the agenda for this week.',
  'I will send the summary after the call.',
  'Can everyone hear me? Great, let us start.',
  'The incident is mitigated; we are watching the error rate.',
] as const;
const END_REASONS = ['all_left', 'ended_via_api', 'host_left', 'time_exceeded'] as const;

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The provider's own precision: microseconds, e.g. `2026-11-20T12:00:00.521992Z`. */
function isoMicros(ms: number, random: () => number): string {
  const micros = String(Math.floor(random() * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}

/** Recordings made since the API added `from`, `to`, ...: the newest two thirds of the seed. */
const NEWER_FIELDS_SHARE = 2 / 3;
const INITIATORS = ['DialVerb', 'Conference', 'OutboundAPI', 'StartCallRecordingAPI'] as const;

/** A SIP Call-ID for a call leg, as SIP user agents write them (`<unique>@<host>`). */
export function sipCallIdOf(callLegId: string): string {
  return `${callLegId.replace(/-/g, '').slice(0, 20)}@sip.simulator.invalid`;
}

interface CallLegSeed {
  readonly callLegId: string;
  readonly callSessionId: string;
  readonly callControlId: string;
}

/** Deterministic seed data: the same options give byte-identical data on every run. */
export function createSeedData(options: SeedOptions = {}): SimDataset {
  const settings = { ...DEFAULTS, ...options };
  const random = createRandom(settings.seed);

  const conferences: SimConference[] = Array.from({ length: settings.conferences }, (_, i) => {
    const createdAt = NEWEST - (i * 11 + 5) * 60 * MINUTE;
    // The newest few are still running; the oldest never got past init.
    const status = i < 3 ? 'in_progress' : i >= settings.conferences - 2 ? 'init' : 'completed';
    const conference: SimConference = {
      record_type: 'conference',
      id: uuid(random),
      name: `${pick(random, TOPICS)} ${i + 1}`,
      created_at: iso(createdAt),
      expires_at: iso(createdAt + 24 * 60 * MINUTE),
      updated_at: iso(createdAt + 45 * MINUTE),
      region: pick(random, REGIONS),
      status,
      connection_id: String(1_000_000 + i),
    };
    if (status === 'completed') conference.end_reason = pick(random, END_REASONS);
    return conference;
  });

  const callLegs: CallLegSeed[] = [];
  for (let s = 0; s < settings.callSessions; s += 1) {
    const callSessionId = uuid(random);
    const legs = 1 + Math.floor(random() * 2);
    for (let l = 0; l < legs; l += 1) {
      callLegs.push({
        callLegId: uuid(random),
        callSessionId,
        callControlId: `v3:${uuid(random)}`,
      });
    }
  }

  const recordings: SimRecording[] = Array.from({ length: settings.recordings }, (_, i) => {
    const id = uuid(random);
    const endedAt = NEWEST - i * 37 * MINUTE;
    const durationMillis = 5_000 + Math.floor(random() * 1_800) * 1_000;
    const fromConference = random() < 0.55;
    const conference = fromConference ? pick(random, conferences) : null;
    const leg = fromConference ? null : pick(random, callLegs);
    const signature = uuid(random).replace(/-/g, '');
    const urlBase = `${options.filesBaseUrl ?? 'https://recordings.simulator.invalid/'}${id}`;
    const query = `?X-Amz-Expires=600&X-Amz-Signature=${signature}`;
    const newer = i < settings.recordings * NEWER_FIELDS_SHARE;
    const number = () => `+1555${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`;
    return {
      record_type: 'recording',
      id,
      created_at: isoMicros(endedAt + 2_000, random),
      updated_at: isoMicros(endedAt + 4_000, random),
      recording_started_at: isoMicros(endedAt - durationMillis, random),
      recording_ended_at: isoMicros(endedAt, random),
      duration_millis: durationMillis,
      status: 'completed',
      channels: random() < 0.5 ? 'single' : 'dual',
      source: fromConference ? 'conference' : 'call',
      conference_id: conference?.id ?? null,
      call_leg_id: leg?.callLegId ?? null,
      call_session_id: leg?.callSessionId ?? null,
      // Newer API versions may omit wav; every tenth recording exercises that.
      download_urls:
        i % 10 === 9
          ? { mp3: urlBase + '.mp3' + query }
          : {
              mp3: urlBase + '.mp3' + query,
              wav: urlBase + '.wav' + query,
            },
      // Older data predates these fields: they are absent there, as upstream.
      ...(newer
        ? {
            call_control_id: leg?.callControlId ?? `v3:${uuid(random)}`,
            connection_id: conference?.connection_id ?? String(2_000_000 + (i % 7)),
            from: number(),
            to: number(),
            initiated_by: fromConference ? 'Conference' : pick(random, INITIATORS),
            // Derived, not drawn: the random sequence (and so every other seed value) is unchanged.
            ...(leg ? { sip_call_id: sipCallIdOf(leg.callLegId) } : {}),
          }
        : {}),
    };
  });

  const participants: SimParticipant[] = conferences.flatMap((conference) => {
    const count = 2 + Math.floor(random() * 3);
    return Array.from({ length: count }, () => {
      const leg = pick(random, callLegs);
      return {
        record_type: 'participant' as const,
        id: uuid(random),
        call_leg_id: leg.callLegId,
        call_control_id: leg.callControlId,
        call_session_id: leg.callSessionId,
        conference: { id: conference.id, name: conference.name },
        status: conference.status === 'in_progress' ? ('joined' as const) : ('left' as const),
        muted: random() < 0.2,
        on_hold: random() < 0.1,
        end_conference_on_exit: random() < 0.15,
        soft_end_conference_on_exit: false,
        whisper_call_control_ids: [] as string[],
        created_at: conference.created_at,
        updated_at: conference.updated_at,
      };
    });
  });

  // Now and then a participant whispers to the next one in its conference (a coach).

  participants.forEach((participant, index) => {
    const next = participants[index + 1];
    if (index % 11 === 0 && next && next.conference.id === participant.conference.id) {
      participant.whisper_call_control_ids.push(next.call_control_id);
    }
  });

  // About two recordings in five were made with transcription on; the newest are in progress.
  const transcriptions: SimTranscription[] = [];
  recordings.forEach((recording, index) => {
    if (random() >= 0.4) return;
    const createdAt = Date.parse(recording.created_at) + 30_000;
    const inProgress = index < 8;
    transcriptions.push({
      record_type: 'recording_transcription',
      id: uuid(random),
      recording_id: recording.id,
      ...(inProgress ? {} : { transcription_text: pick(random, SENTENCES) }),
      status: inProgress ? 'in-progress' : 'completed',
      duration_millis: recording.duration_millis,
      created_at: isoMicros(createdAt, random),
      updated_at: isoMicros(createdAt + 15_000, random),
    });
  });

  // Each participant's leg is a call under Call Control: live while its conference runs. Derived,
  // not drawn, so the random sequence above stays as it was.
  const running = new Set(conferences.filter((c) => c.status === 'in_progress').map((c) => c.id));
  const calls = new Map<string, SimCall>();
  for (const participant of participants) {
    const active = running.has(participant.conference.id);
    const known = calls.get(participant.call_control_id);
    if (known) {
      if (active) known.state = 'active';
      continue;
    }
    calls.set(participant.call_control_id, {
      call_control_id: participant.call_control_id,
      call_leg_id: participant.call_leg_id,
      call_session_id: participant.call_session_id,
      connection_id: '2000001',
      state: active ? 'active' : 'ended',
    });
  }

  return {
    recordings,
    conferences,
    participants,
    transcriptions,
    calls: [...calls.values()],
    activeRecordings: new Map(),
  };
}
