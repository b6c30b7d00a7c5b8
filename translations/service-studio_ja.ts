<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>CloudAnnotation</name>
    <message>
        <source>Client address ranges allowed to reach the load balancer (older form of spec.loadBalancerSourceRanges, which wins when both are set).</source>
        <translation>ロードバランサーへの接続を許可するクライアントのアドレス範囲です（spec.loadBalancerSourceRanges の旧形式。両方を指定した場合は spec.loadBalancerSourceRanges が優先されます）。</translation>
    </message>
    <message>
        <source>Creates an internal load balancer in the VPC instead of an external one. Use "internal" (lower case) only for masters 1.7.0 to 1.7.3.</source>
        <translation>外部ロードバランサーの代わりに、VPC 内の内部ロードバランサーを作成します。小文字の "internal" はマスターのバージョンが 1.7.0〜1.7.3 の場合にだけ使います。</translation>
    </message>
    <message>
        <source>Creates an internal ELB reachable only from inside the VPC. The concept page uses 0.0.0.0/0; any non-empty value turns it on.</source>
        <translation>VPC 内からのみ到達できる内部 ELB を作成します。コンセプトページの例は 0.0.0.0/0 ですが、空でない値なら何でも有効になります。</translation>
    </message>
    <message>
        <source>Creates an internal Azure load balancer. Only the exact text "true" enables it.</source>
        <translation>Azure の内部ロードバランサーを作成します。有効になるのは値がちょうど "true" の場合だけです。</translation>
    </message>
    <message>
        <source>Creates an internal OpenStack (Octavia/Neutron LBaaS) load balancer without a floating IP.</source>
        <translation>フローティング IP を持たない、OpenStack（Octavia／Neutron LBaaS）の内部ロードバランサーを作成します。</translation>
    </message>
    <message>
        <source>ARN of the certificate for HTTPS/SSL listeners: from AWS Certificate Manager or a third-party certificate uploaded to IAM.</source>
        <translation>HTTPS／SSL リスナーで使う証明書の ARN です。AWS Certificate Manager の証明書か、IAM にアップロードしたサードパーティーの証明書を指定します。</translation>
    </message>
    <message>
        <source>Protocol the pods speak. http/https select layer 7 proxying (with X-Forwarded-For), ssl/tcp layer 4 proxying.</source>
        <translation>ポッドが話すプロトコルです。http／https はレイヤー 7 のプロキシ（X-Forwarded-For 付き）、ssl／tcp はレイヤー 4 のプロキシになります。</translation>
    </message>
    <message>
        <source>Service ports (numbers or names) that use the SSL certificate; the others stay plain. "*" means all ports.</source>
        <translation>SSL 証明書を使うサービスのポート（番号または名前）です。それ以外のポートは暗号化されません。"*" はすべてのポートを意味します。</translation>
    </message>
    <message>
        <source>A predefined AWS SSL policy for the HTTPS/SSL listeners (see aws elb describe-load-balancer-policies).</source>
        <translation>HTTPS／SSL リスナーに適用する、AWS の定義済み SSL ポリシーです（aws elb describe-load-balancer-policies を参照）。</translation>
    </message>
    <message>
        <source>Enables the PROXY protocol on all ports proxied by the ELB; "*" is the only supported value.</source>
        <translation>ELB がプロキシするすべてのポートで PROXY プロトコルを有効にします。指定できる値は "*" だけです。</translation>
    </message>
    <message>
        <source>Whether ELB access logs are enabled.</source>
        <translation>ELB のアクセスログを有効にするかどうかです。</translation>
    </message>
    <message>
        <source>Interval in minutes for publishing the access logs: 5 or 60.</source>
        <translation>アクセスログを書き出す間隔（分）です。5 または 60 を指定します。</translation>
    </message>
    <message>
        <source>Name of the Amazon S3 bucket where the access logs are stored.</source>
        <translation>アクセスログを保存する Amazon S3 バケットの名前です。</translation>
    </message>
    <message>
        <source>Logical hierarchy (key prefix) inside the S3 bucket for the access logs.</source>
        <translation>S3 バケット内でアクセスログを置く論理的な階層（キーのプレフィックス）です。</translation>
    </message>
    <message>
        <source>Whether connection draining is enabled for the Classic ELB.</source>
        <translation>Classic ELB でコネクションドレイニングを有効にするかどうかです。</translation>
    </message>
    <message>
        <source>Maximum time, in seconds, to keep existing connections open before deregistering the instances.</source>
        <translation>インスタンスの登録を解除する前に、既存の接続を開いたままにしておく最長時間（秒）です。</translation>
    </message>
    <message>
        <source>Time, in seconds, a connection may be idle (no data sent) before the load balancer closes it.</source>
        <translation>データが流れない状態で接続を維持できる時間（秒）です。これを過ぎるとロードバランサーが接続を閉じます。</translation>
    </message>
    <message>
        <source>Whether cross-zone load balancing is enabled for the load balancer.</source>
        <translation>ロードバランサーでクロスゾーン負荷分散を有効にするかどうかです。</translation>
    </message>
    <message>
        <source>Comma-separated key=value pairs recorded as additional tags on the ELB.</source>
        <translation>ELB に追加のタグとして記録する key=value の組（カンマ区切り）です。</translation>
    </message>
    <message>
        <source>Successive successful health checks before a backend is considered healthy. Defaults to 2, must be between 2 and 10.</source>
        <translation>バックエンドを正常とみなすまでに連続して成功する必要があるヘルスチェックの回数です。既定値は 2 で、2〜10 の範囲で指定します。</translation>
    </message>
    <message>
        <source>Unsuccessful health checks before a backend is considered unhealthy. Defaults to 6, must be between 2 and 10.</source>
        <translation>バックエンドを異常とみなすまでに失敗するヘルスチェックの回数です。既定値は 6 で、2〜10 の範囲で指定します。</translation>
    </message>
    <message>
        <source>Approximate interval, in seconds, between health checks of one instance. Defaults to 10, must be between 5 and 300.</source>
        <translation>1 つのインスタンスに対するヘルスチェックのおおよその間隔（秒）です。既定値は 10 で、5〜300 の範囲で指定します。</translation>
    </message>
    <message>
        <source>Time, in seconds, without a response that fails a health check. Must be less than the healthcheck interval. Defaults to 5, must be between 2 and 60.</source>
        <translation>応答がないままこの時間（秒）が過ぎるとヘルスチェックは失敗になります。ヘルスチェックの間隔より短くする必要があります。既定値は 5 で、2〜60 の範囲で指定します。</translation>
    </message>
    <message>
        <source>Additional security groups to be added to the ELB.</source>
        <translation>ELB に追加するセキュリティグループです。</translation>
    </message>
    <message>
        <source>"nlb" creates a Network Load Balancer instead of a Classic ELB (alpha since 1.9). An NLB passes the client IP to the node; set externalTrafficPolicy: Local to keep it up to the pod.</source>
        <translation>"nlb" を指定すると、Classic ELB の代わりに Network Load Balancer を作成します（1.9 からアルファ機能）。NLB はクライアントの IP をノードまで届けます。ポッドまで届けるには externalTrafficPolicy: Local を設定してください。</translation>
    </message>
</context>
<context>
    <name>studio::views::MainWindow</name>
    <message>
        <source>About Service Studio</source>
        <translation>Service Studio について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Service Studio %1&lt;/h3&gt;&lt;p&gt;Author, validate, visualize and run Kubernetes Services.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Service Studio %1&lt;/h3&gt;&lt;p&gt;Kubernetes のサービスを作成・検証・可視化し、実際に動かします。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近使ったファイル(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <extracomment>Menu that switches the user interface language</extracomment>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;New Manifest</source>
        <translation>新しいマニフェスト(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>開く(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>名前を付けて保存(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>閉じる(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直す(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About Service Studio</source>
        <translation>Service Studio について(&amp;A)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>無題</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 を開けません: %2</translation>
    </message>
    <message>
        <source>Open Manifests</source>
        <translation>マニフェストを開く</translation>
    </message>
    <message>
        <source>Kubernetes manifests (*.yaml *.yml *.json);;All files (*)</source>
        <translation>Kubernetes マニフェスト (*.yaml *.yml *.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Save Manifest</source>
        <translation>マニフェストを保存</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml);;All files (*)</source>
        <translation>YAML ファイル (*.yaml *.yml);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 を保存できません: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>%1 には保存していない変更があります。保存しますか？</translation>
    </message>
    <message>
        <source>Service Studio</source>
        <translation>Service Studio</translation>
    </message>
    <message>
        <source>%1 - Service Studio</source>
        <translation>%1 - Service Studio</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>問題なし</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation><numerusform>%n 件のエラー</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation><numerusform>%n 件の警告</numerusform></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>"3 errors, 1 warning": joins the two counts</extracomment>
        <translation>%1、%2</translation>
    </message>
    <message>
        <source>Services — %1</source>
        <translation>サービス — %1</translation>
    </message>
    <message>
        <source>no cluster</source>
        <extracomment>The dock listing the services of the connected cluster; %1 is its name ("Sandbox")</extracomment>
        <translation>クラスター未接続</translation>
    </message>
    <message>
        <source>Filter services</source>
        <translation>サービスを絞り込む</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <extracomment>The built-in, in-process cluster the app opens on</extracomment>
        <translation>サンドボックス</translation>
    </message>
</context>
<context>
    <name>studio::views::ManifestEditor</name>
    <message>
        <source>No problems found.</source>
        <translation>問題は見つかりませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation><numerusform>%n 件のエラー</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation><numerusform>%n 件の警告</numerusform></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>"3 errors, 1 warning": joins the two counts</extracomment>
        <translation>%1、%2</translation>
    </message>
</context>
<context>
    <name>studio::views::ProblemListModel</name>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Invalid value</source>
        <translation>無効な値</translation>
    </message>
    <message>
        <source>Required value</source>
        <translation>必須の値</translation>
    </message>
    <message>
        <source>Unsupported value</source>
        <translation>サポートされていない値</translation>
    </message>
    <message>
        <source>Duplicate value</source>
        <translation>重複した値</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>禁止</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>長すぎます</translation>
    </message>
    <message>
        <source>Wrong type</source>
        <translation>型が違います</translation>
    </message>
    <message>
        <source>YAML error</source>
        <translation>YAML のエラー</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>line %1, column %2</source>
        <translation>%1 行 %2 列</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>重大度</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <source>Field</source>
        <extracomment>A Kubernetes field path such as spec.ports[0].name</extracomment>
        <translation>フィールド</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
</context>
<context>
    <name>studio::views::ServiceListModel</name>
    <message>
        <source>&lt;pending&gt;</source>
        <extracomment>kubectl prints &lt;none&gt; or &lt;pending&gt;; shown when a service has no external IP</extracomment>
        <translation>&lt;保留中&gt;</translation>
    </message>
    <message>
        <source>&lt;none&gt;</source>
        <translation>&lt;なし&gt;</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <extracomment>ready endpoints / all endpoints of a service, e.g. "2/3"</extracomment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1分</translation>
    </message>
    <message>
        <source>%1h</source>
        <translation>%1時間</translation>
    </message>
    <message>
        <source>%1d</source>
        <translation>%1日</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>ネームスペース</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>タイプ</translation>
    </message>
    <message>
        <source>Cluster IP</source>
        <translation>クラスター IP</translation>
    </message>
    <message>
        <source>External IP</source>
        <translation>外部 IP</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>経過時間</translation>
    </message>
</context>
</TS>