import { createConnectionType } from './connection.type';
import { Participant } from './participant.type';

export const ParticipantConnection = createConnectionType(Participant, 'Participant');
