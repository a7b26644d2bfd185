/** Small text inputs (rules files, exclusion lists): decoded like exports, read whole. */
import { decodedText, fingerprint } from './decode.js';
import { expandInputs } from './sources.js';

export async function readTextFile(path: string): Promise<string> {
  const [source] = await expandInputs([path]);
  const { encoding } = await fingerprint(source);
  let text = '';
  for await (const chunk of decodedText(source, encoding)) text += chunk;
  return text;
}
