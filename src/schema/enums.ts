import { registerEnumType } from 'type-graphql';
import { ConferenceEndReason, ConferenceStatus } from '../domain/conference';
import { ParticipantStatus } from '../domain/participant';
import {
  RecordType,
  RecordingChannels,
  RecordingSource,
  RecordingStatus,
} from '../domain/recording';
import { RecordingFormat } from '../domain/recording-control';
import { TranscriptionStatus } from '../domain/recording-transcription';

// Registered on import: schema types import their enums from here, never from domain/ directly.

registerEnumType(RecordType, {
  name: 'RecordType',
  description: 'Identifies the type of the resource.',
});

registerEnumType(RecordingStatus, {
  name: 'RecordingStatus',
  description: 'The status of the recording.',
  valuesConfig: {
    COMPLETED: { description: 'The recording has ended and its files are ready.' },
    UNKNOWN: {
      description: 'A value the provider added after this gateway was built (logged and counted).',
    },
  },
});

registerEnumType(RecordingChannels, {
  name: 'RecordingChannels',
  description: 'How the audio channels of the recording file are laid out.',
  valuesConfig: {
    SINGLE: { description: 'All legs are mixed into one channel.' },
    DUAL: { description: 'The first leg is on channel A, and the rest on channel B.' },
    UNKNOWN: {
      description: 'A value the provider added after this gateway was built (logged and counted).',
    },
  },
});

registerEnumType(RecordingSource, {
  name: 'RecordingSource',
  description: 'The kind of event that led to this recording being created.',
  valuesConfig: {
    CONFERENCE: { description: 'A conference was recorded.' },
    CALL: { description: 'A call was recorded.' },
    UNKNOWN: {
      description: 'A value the provider added after this gateway was built (logged and counted).',
    },
  },
});

registerEnumType(ConferenceStatus, {
  name: 'ConferenceStatus',
  description: 'The lifecycle state of a conference.',
  valuesConfig: {
    INIT: { description: 'Created; no participant has joined yet.' },
    IN_PROGRESS: { description: 'Participants are connected.' },
    COMPLETED: { description: 'The conference has ended.' },
    UNKNOWN: {
      description: 'A value the provider added after this gateway was built (logged and counted).',
    },
  },
});

registerEnumType(ConferenceEndReason, {
  name: 'ConferenceEndReason',
  description: 'Why a conference ended.',
  valuesConfig: {
    ALL_LEFT: { description: 'Every participant left.' },
    ENDED_VIA_API: { description: 'An API call ended it.' },
    HOST_LEFT: { description: 'The host left, which ends the conference.' },
    TIME_EXCEEDED: { description: 'It reached its maximum duration.' },
    UNKNOWN: {
      description: 'A value the provider added after this gateway was built (logged and counted).',
    },
  },
});

registerEnumType(ParticipantStatus, {
  name: 'ParticipantStatus',
  description: 'Where a participant is in a conference.',
  valuesConfig: {
    JOINING: { description: 'The call leg is being connected to the conference.' },
    JOINED: { description: 'In the conference.' },
    LEFT: { description: 'Left the conference.' },
    UNKNOWN: {
      description: 'A value the provider added after this gateway was built (logged and counted).',
    },
  },
});

registerEnumType(TranscriptionStatus, {
  name: 'TranscriptionStatus',
  description: 'Whether a transcription is ready.',
  valuesConfig: {
    IN_PROGRESS: { description: 'Being made; it has no text yet.' },
    COMPLETED: { description: 'Done; the text is final.' },
    UNKNOWN: {
      description: 'A value the provider added after this gateway was built (logged and counted).',
    },
  },
});

registerEnumType(RecordingFormat, {
  name: 'RecordingFormat',
  description: 'The audio file format a new recording is saved in.',
  valuesConfig: {
    MP3: { description: 'MP3 (the default).' },
    WAV: { description: 'WAV.' },
  },
});

export {
  RecordingFormat,
  ConferenceEndReason,
  ParticipantStatus,
  TranscriptionStatus,
  ConferenceStatus,
  RecordType,
  RecordingChannels,
  RecordingSource,
  RecordingStatus,
};
