// Writes the bundled example project: IaC with misconfigurations and source files with planted credentials.
// The credentials are assembled here at run time from fragments and a seeded generator, so no secret-shaped
// string is ever committed; they are fake (they grant nothing) but match the scanners' rules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A seeded xorshift generator of numbers in [0, 1): the same fake secrets on every run. */
export function seeded(seed) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** The planted secrets, by name: returned so tests can assert none of them leaks into any output. */
export function exampleSecrets(seed = 20261123) {
  const rnd = seeded(seed);
  const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const upnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return {
    githubToken: ['gh', 'p_', pick(alnum, 36)].join(''),
    awsAccessKeyId: ['AK', 'IA', pick(upper, 16)].join(''),
    slackWebhook: ['https://hooks.', 'slack.com/services/', 'T', pick(upnum, 8), '/B', pick(upnum, 8), '/', pick(alnum, 24)].join(''),
  };
}

const FILES = (s) => ({
  'README.md': '# example-shop\n\nA small service used to demonstrate security-scan.\n',
  'infra/main.tf': `resource "aws_s3_bucket" "assets" {
  bucket = "example-shop-assets"
  acl    = "public-read"
}

resource "aws_security_group" "ssh" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
  'k8s/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 1
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      containers:
        - name: shop
          image: example/shop:latest
          securityContext:
            privileged: true
`,
  'app/Dockerfile': 'FROM node:18\nCOPY . /app\nRUN npm install\nCMD ["node", "/app/server.js"]\n',
  'app/server.js': "const config = require('./config');\nrequire('http').createServer((_, res) => res.end('ok')).listen(8080);\nmodule.exports = config;\n",
  'app/config.js': `// Service configuration
module.exports = {
  githubToken: '${s.githubToken}',
  slackHook: '${s.slackWebhook}',
};
`,
  'scripts/deploy.sh': `#!/bin/sh
export AWS_ACCESS_KEY_ID=${s.awsAccessKeyId}
terraform -chdir=infra apply -auto-approve
`,
});

/** Writes the example tree into `dir` and returns the planted secrets. */
export function writeExampleTree(dir, seed) {
  const secrets = exampleSecrets(seed);
  for (const [rel, content] of Object.entries(FILES(secrets))) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return secrets;
}
