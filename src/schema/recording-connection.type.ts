import { createConnectionType } from './connection.type';
import { Recording } from './recording.type';

export const RecordingConnection = createConnectionType(Recording, 'Recording');
