// The side panel: the conversation most recently detected in an inbox tab. It reads that from
// storage (not from messages), so it works in Chrome's side panel, Firefox's sidebar and as a tab.
import { useEffect, useState } from 'preact/hooks';
import { Loading } from '../../components/feedback';
import { ConversationPanel } from '../../components/ConversationPanel';
import { MyNumbers } from '../../components/MyNumbers';
import { NotConfigured } from '../../components/NotConfigured';
import { useSetup } from '../../components/setup';
import type { DetectedConversation } from '../../inbox/types';
import { detectedConversationItem } from '../../storage';
import { effectiveTarget } from '../../view-models/wait';
import { mountInLanguage } from '../../components/mount';
import '../../components/app.css';

function SidePanel() {
  const setup = useSetup();
  const [detected, setDetected] = useState<DetectedConversation | null | undefined>(undefined);
  useEffect(() => {
    void detectedConversationItem.getValue().then(setDetected);
    return detectedConversationItem.watch(setDetected);
  }, []);
  let body;
  if (!setup.loaded || detected === undefined) body = <Loading what="ConvoLens" />;
  else if (!setup.configured) body = <NotConfigured />;
  else {
    body = (
      <>
        <ConversationPanel
          api={setup.api}
          detected={detected}
          firstResponseTargetMs={effectiveTarget(setup.profile?.workspace.first_response_target_ms)}
        />
        <MyNumbers api={setup.api} profile={setup.profile} />
      </>
    );
  }
  return (
    <main>
      <header class="page-header">
        <h1>ConvoLens</h1>
      </header>
      {body}
    </main>
  );
}

mountInLanguage(() => <SidePanel />, document.getElementById('app')!);
