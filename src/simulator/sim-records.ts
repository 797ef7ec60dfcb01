// What the simulated provider stores and sends: its own wire shapes, snake_case, as the provider
// documents them. Deliberately independent of the gateway's upstream/ types: this is the other
// side of the wire.

export interface SimRecording {
  record_type: 'recording';
  id: string;
  created_at: string;
  updated_at: string;
  recording_started_at: string;
  recording_ended_at: string;
  duration_millis: number;
  status: 'completed';
  channels: 'single' | 'dual';
  source: 'conference' | 'call';
  conference_id: string | null;
  call_leg_id: string | null;
  call_session_id: string | null;
  download_urls: { mp3: string; wav?: string };
  /** Newer API versions only. */
  call_control_id?: string;
  connection_id?: string;
  from?: string;
  to?: string;
  initiated_by?: string;
  /** Newest API versions, call recordings only: the SIP Call-ID of the recorded leg. */
  sip_call_id?: string;
}

export interface SimConference {
  record_type: 'conference';
  id: string;
  name: string;
  created_at: string;
  expires_at: string;
  updated_at: string;
  region: string;
  status: 'init' | 'in_progress' | 'completed';
  end_reason?: 'all_left' | 'ended_via_api' | 'host_left' | 'time_exceeded';
  connection_id: string;
}

export interface SimParticipant {
  record_type: 'participant';
  id: string;
  call_leg_id: string;
  call_control_id: string;
  call_session_id: string;
  conference: { id: string; name: string };
  status: 'joining' | 'joined' | 'left';
  muted: boolean;
  on_hold: boolean;
  end_conference_on_exit: boolean;
  soft_end_conference_on_exit: boolean;
  /** Call control ids of the participants who hear this one whisper. */
  whisper_call_control_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface SimTranscription {
  record_type: 'recording_transcription';
  id: string;
  recording_id: string;
  /** Only a completed transcription has text. */
  transcription_text?: string;
  status: 'in-progress' | 'completed';
  duration_millis: number;
  created_at: string;
  updated_at: string;
}

/** A call leg under Call Control, addressed by its call control id. */
export interface SimCall {
  call_control_id: string;
  call_leg_id: string;
  call_session_id: string;
  connection_id: string;
  /** Only an active call takes commands; an ended one answers 422 (90018). */
  state: 'active' | 'ended';
}

/** A recording being made (between record_start and record_stop). */
export interface SimActiveRecording {
  readonly startedAtMs: number;
  readonly format: 'mp3' | 'wav';
  readonly channels: 'single' | 'dual';
  /** When the current pause began; null while recording. */
  pausedAtMs: number | null;
  /** Time spent paused before the current pause. */
  pausedMs: number;
}

export interface SimDataset {
  /** Newest first: the order GET /recordings answers in. */
  readonly recordings: SimRecording[];
  readonly conferences: SimConference[];
  readonly participants: SimParticipant[];
  /** Newest first. */
  readonly transcriptions: SimTranscription[];
  /** Call legs by call control id: the participants' legs (active in a running conference). */
  readonly calls: SimCall[];
  /** Recordings in progress, by `conference:<id>` or `call:<call control id>`. */
  readonly activeRecordings: Map<string, SimActiveRecording>;
}
