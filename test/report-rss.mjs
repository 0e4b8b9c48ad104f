// Preloaded into a child process by tests (node --import): on exit, writes the peak resident set
// size (bytes) to the file named by RRX_RSS_FILE, so a test can bound a command's memory.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.RRX_RSS_FILE) writeFileSync(process.env.RRX_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
