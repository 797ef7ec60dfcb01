import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_DOC, configurationDoc } from './configuration-doc';

// Writes docs/configuration.md from the declarations in src/config/; the test
// test/unit/config/configuration-doc.test.ts fails when it is stale.
function printConfigurationDoc(): void {
  const root = join(__dirname, '..');
  const target = join(root, CONFIGURATION_DOC);
  writeFileSync(target, configurationDoc(root));
  console.log(`wrote ${target}`);
}

printConfigurationDoc();
