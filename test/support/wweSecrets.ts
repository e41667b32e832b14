/** Every fake secret the WWE fixtures (test/fixtures/wwe) hold: passwords, a digest answer, Authorization text, another host's token. */
export const WWE_SECRETS = ['FAKE-SIP-PASSWORD-777', 'FAKE-DIGEST-ANSWER-888', 'FAKE-CONFIG-PASSWORD-555', 'FAKE-AUTH-TEXT-444', 'FAKE-USER-PASSWORD-333', 'FAKE-QUERY-PASSWORD-666', 'FAKE-LOCAL-TOKEN-222'];
