// Why this file exists: the UK's nations differ in their bank holidays, so the directory's opening
// hours, the geography of areas and postcodes, and the search all speak of a nation. It lives in geo
// (a nation is the widest area) and imports only zod, so the directory can use it without geo ever
// importing the directory back.
import { z } from 'zod';

export type Nation = 'england-and-wales' | 'scotland' | 'northern-ireland';
export const Nations: readonly Nation[] = Object.freeze(['england-and-wales', 'scotland', 'northern-ireland'] as const);

export const NationSchema = z.enum(['england-and-wales', 'scotland', 'northern-ireland']);
