import { Agent } from 'node:http';
import { type Answer, send } from './load.js';

/**
 * Polls liveness and readiness side by side, as an orchestrator would, each on a connection of its own, until
 * stopped. Answers carry times on the load's scale (`origin`), so the test can line them up with the outage.
 */
export function startProbes(base: string, origin: number, everyMs = 100) {
  const answers: Answer[] = [];
  let running = true;
  const poll = async (path: string) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (running) {
      answers.push(await send(base, { method: 'GET', path }, agent, 10_000, origin));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    agent.destroy();
  };
  const polls = [poll('/-/healthy'), poll('/-/ready')];
  return {
    answers,
    async stop(): Promise<Answer[]> {
      running = false;
      await Promise.all(polls);
      return answers;
    },
  };
}
