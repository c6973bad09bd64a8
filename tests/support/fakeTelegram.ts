// The test suite's fake Telegram Bot API: the production local Bot API (adapters/telegram/localBotApi/, the
// sandbox's Telegram) under the name the tests know. Everything a test uses — recorded calls, failure injection
// (`failNext`), held answers (`holdNext`), enforced rate limits, queued updates, `photosSent`, `captionEdits`,
// `documentsSent`, `commandMenus`, `waitFor` — is the local Bot API's own, so the suite tests the very server the
// sandbox runs.
import { LocalBotApi } from '../../adapters/telegram/localBotApi/localBotApi.js';

export type {
  HeldCall,
  InjectedFailure,
  RateLimits,
  RecordedCall,
  SentDocument,
  SentPhotos,
  StoredMessage,
} from '../../adapters/telegram/localBotApi/shapes.js';

export class FakeTelegram extends LocalBotApi {}
