// An independent Kafka client (kafkajs, pure JavaScript) produces to and consumes from a broker.
// Usage: node kafkajs-roundtrip.js <bootstrap> <topic> <count>
// Prints one JSON line: {"produced":N,"consumed":N,"matched":true|false,"topics":[...]} and exits 0
// only if every message came back with its key and value.
const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [bootstrap, topic, countText] = process.argv.slice(2);
  const count = Number(countText || '100');
  if (!bootstrap || !topic || !(count > 0)) {
    console.error('usage: node kafkajs-roundtrip.js <bootstrap> <topic> <count>');
    process.exit(2);
  }
  const kafka = new Kafka({ clientId: 'mlcycle-e2e-kafkajs', brokers: [bootstrap], logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const topics = await admin.listTopics();
  await admin.disconnect();

  const sent = new Map();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = [];
  for (let i = 0; i < count; i++) {
    const key = `k-${i}`;
    const value = JSON.stringify({ i, from: 'kafkajs' });
    sent.set(key, value);
    messages.push({ key, value });
  }
  await producer.send({ topic, messages, acks: -1 });
  await producer.disconnect();

  const received = new Map();
  const consumer = kafka.consumer({ groupId: `mlcycle-e2e-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${received.size}/${count} messages`)), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        received.set(message.key.toString(), message.value.toString());
        if (received.size >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  let error = null;
  try {
    await done;
  } catch (e) {
    error = e.message;
  }
  await consumer.disconnect();
  let matched = received.size === sent.size;
  for (const [k, v] of sent) {
    if (received.get(k) !== v) matched = false;
  }
  console.log(JSON.stringify({ produced: sent.size, consumed: received.size, matched, error, topics }));
  process.exit(matched && !error ? 0 : 1);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
