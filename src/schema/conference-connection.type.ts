import { Conference } from './conference.type';
import { createConnectionType } from './connection.type';

export const ConferenceConnection = createConnectionType(Conference, 'Conference');
