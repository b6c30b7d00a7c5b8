<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>CloudAnnotation</name>
    <message>
        <source>Client address ranges allowed to reach the load balancer (older form of spec.loadBalancerSourceRanges, which wins when both are set).</source>
        <translation>ロードバランサーへの接続を許可するクライアントのアドレス範囲です（spec.loadBalancerSourceRanges の旧形式。両方を指定した場合は spec.loadBalancerSourceRanges が優先されます）。</translation>
    </message>
    <message>
        <source>Creates an internal load balancer in the VPC instead of an external one. Use &quot;internal&quot; (lower case) only for masters 1.7.0 to 1.7.3.</source>
        <translation>外部ロードバランサーの代わりに、VPC 内の内部ロードバランサーを作成します。小文字の &quot;internal&quot; はマスターのバージョンが 1.7.0〜1.7.3 の場合にだけ使います。</translation>
    </message>
    <message>
        <source>Creates an internal ELB reachable only from inside the VPC. The concept page uses 0.0.0.0/0; any non-empty value turns it on.</source>
        <translation>VPC 内からのみ到達できる内部 ELB を作成します。コンセプトページの例は 0.0.0.0/0 ですが、空でない値なら何でも有効になります。</translation>
    </message>
    <message>
        <source>Creates an internal Azure load balancer. Only the exact text &quot;true&quot; enables it.</source>
        <translation>Azure の内部ロードバランサーを作成します。有効になるのは値がちょうど &quot;true&quot; の場合だけです。</translation>
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
        <source>Service ports (numbers or names) that use the SSL certificate; the others stay plain. &quot;*&quot; means all ports.</source>
        <translation>SSL 証明書を使うサービスのポート（番号または名前）です。それ以外のポートは暗号化されません。&quot;*&quot; はすべてのポートを意味します。</translation>
    </message>
    <message>
        <source>A predefined AWS SSL policy for the HTTPS/SSL listeners (see aws elb describe-load-balancer-policies).</source>
        <translation>HTTPS／SSL リスナーに適用する、AWS の定義済み SSL ポリシーです（aws elb describe-load-balancer-policies を参照）。</translation>
    </message>
    <message>
        <source>Enables the PROXY protocol on all ports proxied by the ELB; &quot;*&quot; is the only supported value.</source>
        <translation>ELB がプロキシするすべてのポートで PROXY プロトコルを有効にします。指定できる値は &quot;*&quot; だけです。</translation>
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
        <source>&quot;nlb&quot; creates a Network Load Balancer instead of a Classic ELB (alpha since 1.9). An NLB passes the client IP to the node; set externalTrafficPolicy: Local to keep it up to the pod.</source>
        <translation>&quot;nlb&quot; を指定すると、Classic ELB の代わりに Network Load Balancer を作成します（1.9 からアルファ機能）。NLB はクライアントの IP をノードまで届けます。ポッドまで届けるには externalTrafficPolicy: Local を設定してください。</translation>
    </message>
</context>
<context>
    <name>SeedExample</name>
    <message>
        <source>Sandbox cluster</source>
        <translation>サンドボックスクラスター</translation>
    </message>
    <message>
        <source>External IP</source>
        <translation>外部IP</translation>
    </message>
    <message>
        <source>ExternalName service in prod</source>
        <translation>prod の ExternalName サービス</translation>
    </message>
    <message>
        <source>Headless services, with and without a selector</source>
        <translation>ヘッドレスサービス（セレクタあり・なし）</translation>
    </message>
    <message>
        <source>Image-processing backend behind my-service</source>
        <translation>my-service の背後にある画像処理バックエンド</translation>
    </message>
    <message>
        <source>LoadBalancer with a requested IP</source>
        <translation>IP を指定した LoadBalancer</translation>
    </message>
    <message>
        <source>Multi-port service (http and https)</source>
        <translation>マルチポートサービス（http と https）</translation>
    </message>
    <message>
        <source>Choosing your own cluster IP</source>
        <translation>クラスターIPを自分で選ぶ</translation>
    </message>
    <message>
        <source>NodePort service</source>
        <translation>NodePort サービス</translation>
    </message>
    <message>
        <source>Environment variables of redis-master</source>
        <translation>redis-master の環境変数</translation>
    </message>
    <message>
        <source>Service without a selector, with hand-written Endpoints</source>
        <translation>セレクタなしのサービスと手書きのエンドポイント</translation>
    </message>
</context>
<context>
    <name>studio::views::AddNodeDialog</name>
    <message>
        <source>Add node</source>
        <translation>ノードを追加</translation>
    </message>
    <message>
        <source>address or ~/.ssh/config host alias</source>
        <translation>アドレスまたは ~/.ssh/config のホストエイリアス</translation>
    </message>
    <message>
        <source>from ssh config</source>
        <extracomment>port spin box at 0: the port comes from ~/.ssh/config (else 22)</extracomment>
        <translation>ssh の設定に従う</translation>
    </message>
    <message>
        <source>from ssh config, else your user name</source>
        <translation>ssh の設定に従う（なければ自分のユーザー名）</translation>
    </message>
    <message>
        <source>the Kubernetes Node name (empty: the node&apos;s host name)</source>
        <translation>Kubernetes のノード名（空欄: ノードのホスト名）</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>ホスト:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>ユーザー:</translation>
    </message>
    <message>
        <source>Node name:</source>
        <extracomment>the Kubernetes Node object&apos;s name</extracomment>
        <translation>ノード名:</translation>
    </message>
    <message>
        <source>Install prefix:</source>
        <translation>インストール先:</translation>
    </message>
    <message>
        <source>Connects to:</source>
        <translation>接続先:</translation>
    </message>
    <message>
        <source>Enter a host.</source>
        <translation>ホストを入力してください。</translation>
    </message>
    <message>
        <source>A host name must not contain spaces or &apos;@&apos; (the user has its own field).</source>
        <translation>ホスト名に空白や「@」は使えません（ユーザーは専用の欄に入力します）。</translation>
    </message>
    <message>
        <source>%1@%2 port %3</source>
        <extracomment>%1: user, %2: host name after ~/.ssh/config, %3: port</extracomment>
        <translation>%1@%2 ポート %3</translation>
    </message>
</context>
<context>
    <name>studio::views::ClusterSwitcher</name>
    <message>
        <source>Cluster:</source>
        <translation>クラスター:</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>ネームスペース:</translation>
    </message>
    <message>
        <source>Reload the kubeconfig and the namespaces</source>
        <translation>kubeconfig とネームスペース を再読み込み</translation>
    </message>
    <message>
        <source>The kubeconfig cannot be read: %1</source>
        <translation>kubeconfig を読み込めません: %1</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <extracomment>The built-in, in-process cluster the app opens on</extracomment>
        <translation>サンドボックス</translation>
    </message>
    <message>
        <source>context %1: cluster %2 (%3), user %4</source>
        <translation>コンテキスト %1: クラスター %2 （%3）、ユーザー %4</translation>
    </message>
    <message>
        <source>not defined</source>
        <translation>未定義</translation>
    </message>
    <message>
        <source>Cannot use context %1: %2</source>
        <translation>コンテキスト %1 を使用できません: %2</translation>
    </message>
    <message>
        <source>Context %1 skips TLS verification (insecure-skip-tls-verify): the server&apos;s identity is not checked.</source>
        <translation>コンテキスト %1 は TLS 検証を省略しています（insecure-skip-tls-verify）。サーバーの身元は確認されません。</translation>
    </message>
    <message>
        <source>Context %1 talks plain HTTP: credentials travel unencrypted.</source>
        <translation>コンテキスト %1 は暗号化されていない HTTP で通信します。認証情報が平文で送られます。</translation>
    </message>
    <message>
        <source>All namespaces</source>
        <translation>すべてのネームスペース</translation>
    </message>
    <message>
        <source>Cannot list the namespaces: %1</source>
        <translation>ネームスペースの一覧を取得できません: %1</translation>
    </message>
</context>
<context>
    <name>studio::views::DiffDialog</name>
    <message>
        <source>Apply %1</source>
        <translation>%1 を適用</translation>
    </message>
    <message>
        <source>Live object</source>
        <translation>クラスター上のオブジェクト</translation>
    </message>
    <message>
        <source>Live object (does not exist yet)</source>
        <translation>クラスター上のオブジェクト（まだ存在しません）</translation>
    </message>
    <message>
        <source>After apply (server dry run)</source>
        <translation>適用後（サーバーのドライラン）</translation>
    </message>
    <message>
        <source>The server accepted the object (dry run). Replacing %1 changes nothing.</source>
        <translation>サーバーはオブジェクトを受け入れました（ドライラン）。%1 を置き換えても何も変わりません。</translation>
    </message>
    <message numerus="yes">
        <source>The server accepted the object (dry run). Replacing %1 changes %n line(s).</source>
        <translation>
            <numerusform>サーバーはオブジェクトを受け入れました（ドライラン）。%1 を置き換えると %n 行が変わります。</numerusform>
        </translation>
    </message>
    <message>
        <source>The server accepted the object (dry run). %1 does not exist yet and will be created.</source>
        <translation>サーバーはオブジェクトを受け入れました（ドライラン）。%1 はまだ存在しないため作成されます。</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>置き換え(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>作成(&amp;C)</translation>
    </message>
</context>
<context>
    <name>studio::views::DiscoveryPanel</name>
    <message>
        <source>Select a service.</source>
        <translation>サービスを選択してください。</translation>
    </message>
    <message>
        <source>An ExternalName service gives pods no environment variables.</source>
        <translation>ExternalName サービスはポッドに環境変数を与えません。</translation>
    </message>
    <message>
        <source>A headless service (no cluster IP) gives pods no environment variables.</source>
        <translation>ヘッドレスサービス（ClusterIP なし）はポッドに環境変数を与えません。</translation>
    </message>
    <message>
        <source>Containers of pods in %1 started after the service was created get these variables.</source>
        <translation>%1 のポッドのうち、サービスの作成後に起動したコンテナがこれらの変数を受け取ります。</translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s) started before it and lack them until restarted: %1</source>
        <translation>
            <numerusform>%n 個のポッドはサービスより前に起動したため、再起動するまでこれらの変数を持ちません: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No records: a headless service without ready endpoints answers NXDOMAIN for %1.</source>
        <translation>レコードなし: Ready なエンドポイントのないヘッドレスサービスは %1 に NXDOMAIN を返します。</translation>
    </message>
    <message>
        <source>Pods in %1 can use &quot;%2&quot;; pods in other namespaces &quot;%2.%1&quot; or the full name %3.</source>
        <translation>%1 のポッドは「%2」で、他の名前空間のポッドは「%2.%1」または完全修飾名 %3 で参照できます。</translation>
    </message>
    <message>
        <source>Discovery of %1</source>
        <translation>%1 のサービスディスカバリー</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>環境変数</translation>
    </message>
    <message>
        <source>DNS records</source>
        <translation>DNS レコード</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>変数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
</context>
<context>
    <name>studio::views::EndpointsForm</name>
    <message>
        <source>Endpoints</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Endpoints of a service without a selector: the endpoints controller leaves them alone, so the addresses here are where the service&apos;s traffic goes. The name must be the service&apos;s name.</source>
        <translation>セレクタのないサービスのエンドポイントです。エンドポイントコントローラーはこれを変更しないため、ここに書いたアドレスがサービスのトラフィックの送り先になります。名前はサービスと同じにしてください。</translation>
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
        <source>Addresses</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Subset</source>
        <extracomment>Column of the Endpoints editor: the index of the subset an address belongs to</extracomment>
        <translation>サブセット</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Hostname</source>
        <translation>ホスト名</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>プロトコル</translation>
    </message>
    <message>
        <source>App protocol</source>
        <translation>アプリケーションプロトコル</translation>
    </message>
    <message>
        <source>the service&apos;s name</source>
        <translation>サービスの名前</translation>
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
        <translation>
            <numerusform>%n 件のエラー</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 件の警告</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>&quot;3 errors, 1 warning&quot;: joins the two counts</extracomment>
        <translation>%1、%2</translation>
    </message>
    <message>
        <source>Services — %1</source>
        <translation>サービス — %1</translation>
    </message>
    <message>
        <source>no cluster</source>
        <extracomment>The dock listing the services of the connected cluster; %1 is its name (&quot;Sandbox&quot;)</extracomment>
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
    <message>
        <source>&amp;Services</source>
        <translation>サービス(&amp;S)</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>クラスター</translation>
    </message>
    <message>
        <source>New from &amp;Example</source>
        <translation>例から新規作成(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>クラスター(&amp;C)</translation>
    </message>
    <message>
        <source>New &amp;Service...</source>
        <translation>新しいサービス(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>適用(&amp;A)</translation>
    </message>
    <message>
        <source>Apply the current object to the cluster: server dry run, diff, then create or replace (Ctrl+Return)</source>
        <translation>現在のオブジェクトをクラスターに適用します: サーバーのドライラン、差分の確認、作成または置き換え（Ctrl+Return）</translation>
    </message>
    <message>
        <source>&amp;Reload kubeconfig</source>
        <translation>kubeconfig を再読み込み(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) with unsaved edits from a session that ended unexpectedly can be recovered.</source>
        <translation>
            <numerusform>予期せず終了したセッションの未保存の編集を含むドキュメントが %n 件あり、復元できます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>復元</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>復元されたドキュメント</translation>
    </message>
    <message>
        <source>Recovered from the autosave of %1</source>
        <translation>%1 の自動保存から復元</translation>
    </message>
    <message numerus="yes">
        <source>Recovered %n document(s).</source>
        <translation>
            <numerusform>%n 件のドキュメントを復元しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected to %1 again.</source>
        <translation>%1 に再接続しました。</translation>
    </message>
    <message>
        <source>Lost the connection to %1: %2</source>
        <translation>%1 との接続が切れました: %2</translation>
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
        <translation>
            <numerusform>%n 件のエラー</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 件の警告</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>&quot;3 errors, 1 warning&quot;: joins the two counts</extracomment>
        <translation>%1、%2</translation>
    </message>
</context>
<context>
    <name>studio::views::NewServiceDialog</name>
    <message>
        <source>&quot;%1&quot; is not PORT or PORT:TARGET_PORT (1-65535).</source>
        <translation>&quot;%1&quot; は PORT または PORT:TARGET_PORT（1〜65535）の形式ではありません。</translation>
    </message>
    <message>
        <source>New Service</source>
        <translation>新しいサービス</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>タイプ</translation>
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
        <source>TCP ports</source>
        <extracomment>kubectl create service&apos;s --tcp option: port pairs</extracomment>
        <translation>TCP ポート</translation>
    </message>
    <message>
        <source>Node port</source>
        <translation>ノードポート</translation>
    </message>
    <message>
        <source>External name</source>
        <translation>外部名</translation>
    </message>
    <message>
        <source>Headless (clusterIP: None)</source>
        <translation>ヘッドレス（clusterIP: None）</translation>
    </message>
    <message>
        <source>e.g. my-service</source>
        <translation>例: my-service</translation>
    </message>
    <message>
        <source>the cluster&apos;s default namespace</source>
        <translation>クラスターのデフォルトのネームスペース</translation>
    </message>
    <message>
        <source>PORT[:TARGET_PORT], comma-separated, e.g. 80:9376,443:9377</source>
        <translation>PORT[:TARGET_PORT] をカンマ区切りで。例: 80:9376,443:9377</translation>
    </message>
    <message>
        <source>e.g. my.database.example.com</source>
        <translation>例: my.database.example.com</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>自動割り当て</translation>
    </message>
    <message>
        <source>A name is required.</source>
        <translation>名前が必要です。</translation>
    </message>
    <message>
        <source>The name must be a DNS-1035 label (lower-case letters, digits and &apos;-&apos;, starting with a letter).</source>
        <translation>名前は DNS-1035 ラベル(英小文字・数字・&apos;-&apos; で、英字で始まる)でなければなりません。</translation>
    </message>
    <message>
        <source>An external name is required.</source>
        <translation>外部名が必要です。</translation>
    </message>
    <message>
        <source>At least one TCP port is required.</source>
        <translation>TCP ポートが少なくとも 1 つ必要です。</translation>
    </message>
    <message>
        <source>Create Manifest</source>
        <translation>マニフェストを作成</translation>
    </message>
</context>
<context>
    <name>studio::views::NodePrompts</name>
    <message>
        <source>Unknown host key</source>
        <translation>不明なホスト鍵</translation>
    </message>
    <message>
        <source>The authenticity of host %1 cannot be established.

Its %2 key fingerprint is
%3

Compare it with the fingerprint the node&apos;s administrator gives you (ssh-keygen -l -f /etc/ssh/ssh_host_*_key.pub on the node).</source>
        <extracomment>%1: host name or address, %2: key type (ssh-ed25519), %3: SHA256:... fingerprint</extracomment>
        <translation>ホスト %1 の真正性を確認できません。

このホストの %2 鍵のフィンガープリントは
%3
です。

ノードの管理者から伝えられたフィンガープリント（ノード上で ssh-keygen -l -f /etc/ssh/ssh_host_*_key.pub）と照合してください。</translation>
    </message>
    <message>
        <source>Trust this key and record it in %1?</source>
        <extracomment>%1: the known_hosts file</extracomment>
        <translation>この鍵を信頼して %1 に記録しますか？</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>信頼する</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>拒否する</translation>
    </message>
    <message>
        <source>Key passphrase</source>
        <translation>鍵のパスフレーズ</translation>
    </message>
    <message>
        <source>SSH password</source>
        <translation>SSH パスワード</translation>
    </message>
    <message>
        <source>sudo password</source>
        <translation>sudo のパスワード</translation>
    </message>
</context>
<context>
    <name>studio::views::NodeTableModel</name>
    <message>
        <source>error: %1</source>
        <extracomment>%1: an error code such as ssh-host-key-changed</extracomment>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>working: %1</source>
        <translation>実行中: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未インストール</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>Node</source>
        <extracomment>column: the Kubernetes Node name</extracomment>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Agent version</source>
        <extracomment>column: the version of service-agent on the node</extracomment>
        <translation>エージェントのバージョン</translation>
    </message>
    <message>
        <source>Proxy mode</source>
        <translation>プロキシモード</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>最終同期</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>ヘルス</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
</context>
<context>
    <name>studio::views::NodesPanel</name>
    <message>
        <source>Nodes</source>
        <extracomment>dock title: the cluster nodes the agent runs on</extracomment>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>追加…</translation>
    </message>
    <message>
        <source>Add a node reached over SSH</source>
        <translation>SSH で接続するノードを追加します</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>インポート</translation>
    </message>
    <message>
        <source>Import the cluster&apos;s nodes (their InternalIP)</source>
        <translation>クラスターのノードを（InternalIP で）インポートします</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Remove the selected nodes from this list (nothing changes on them)</source>
        <translation>選択したノードをこの一覧から削除します（ノード上では何も変わりません）</translation>
    </message>
    <message>
        <source>Deploy / Upgrade</source>
        <extracomment>deploys service-agent, or upgrades it in place</extracomment>
        <translation>デプロイ / アップグレード</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>再起動</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>ログ</translation>
    </message>
    <message>
        <source>Uninstall</source>
        <translation>アンインストール</translation>
    </message>
    <message>
        <source>Stop the agent, remove its rules (service-agent --cleanup) and its files</source>
        <translation>エージェントを停止し、そのルール（service-agent --cleanup）とファイルを削除します</translation>
    </message>
    <message>
        <source>Agent bundle:</source>
        <translation>エージェントバンドル:</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>鍵ファイル:</translation>
    </message>
    <message>
        <source>empty: IdentityFile from ~/.ssh/config, then ~/.ssh/id_*</source>
        <translation>空欄: ~/.ssh/config の IdentityFile、次に ~/.ssh/id_*</translation>
    </message>
    <message>
        <source>Use ssh-agent</source>
        <translation>ssh-agent を使う</translation>
    </message>
    <message>
        <source>Apiserver for agents:</source>
        <extracomment>the apiserver URL the agents on the nodes use</extracomment>
        <translation>エージェントが使う API サーバー:</translation>
    </message>
    <message>
        <source>empty: the address this app uses</source>
        <translation>空欄: このアプリが使うアドレス</translation>
    </message>
    <message>
        <source>%1 is in the list already.</source>
        <extracomment>%1: user@host:port</extracomment>
        <translation>%1 はすでに一覧にあります。</translation>
    </message>
    <message>
        <source>Not connected to a cluster.</source>
        <translation>クラスターに接続していません。</translation>
    </message>
    <message>
        <source>Reading the cluster&apos;s nodes…</source>
        <translation>クラスターのノードを読み込んでいます…</translation>
    </message>
    <message>
        <source>Cannot read the nodes: %1</source>
        <extracomment>%1: the apiserver&apos;s error</extracomment>
        <translation>ノードを読み込めません: %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n node(s).</source>
        <translation>
            <numerusform>%n 個のノードをインポートしました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) without an InternalIP were skipped.</source>
        <translation>
            <numerusform>InternalIP のない %n 個のノードはスキップしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Another operation is running.</source>
        <translation>別の操作を実行中です。</translation>
    </message>
    <message>
        <source>Select one or more nodes first.</source>
        <translation>先にノードを 1 つ以上選択してください。</translation>
    </message>
    <message>
        <source>Choose the agent bundle first (a directory with SHA256SUMS).</source>
        <translation>先にエージェントバンドル（SHA256SUMS のあるディレクトリ）を指定してください。</translation>
    </message>
    <message>
        <source>Creating the agent&apos;s identity in the cluster…</source>
        <translation>クラスターにエージェントの ID を作成しています…</translation>
    </message>
    <message>
        <source>Cannot create the agent&apos;s identity: %1</source>
        <extracomment>%1: the apiserver&apos;s error</extracomment>
        <translation>エージェントの ID を作成できません: %1</translation>
    </message>
    <message numerus="yes">
        <source>Working on %n node(s)…</source>
        <extracomment>%n: number of nodes</extracomment>
        <translation>
            <numerusform>%n 個のノードで実行中…</numerusform>
        </translation>
    </message>
    <message>
        <source>==== %1 ====</source>
        <extracomment>header above one node&apos;s log lines; %1: user@host:port</extracomment>
        <translation>==== %1 ====</translation>
    </message>
    <message>
        <source>The agent bundle cannot be used: %1</source>
        <extracomment>%1: why the bundle directory is not usable</extracomment>
        <translation>エージェントバンドルを使用できません: %1</translation>
    </message>
    <message numerus="yes">
        <source>Done on %n node(s).</source>
        <translation>
            <numerusform>%n 個のノードで完了しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed on %n node(s); hover over a row for the reason.</source>
        <extracomment>%n: nodes that failed; the details are in the rows&apos; tool tips</extracomment>
        <translation>
            <numerusform>%n 個のノードで失敗しました。理由は行にマウスを重ねると表示されます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Agent logs</source>
        <translation>エージェントのログ</translation>
    </message>
</context>
<context>
    <name>studio::views::NotificationArea</name>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
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
    <name>studio::views::RulesTreeModel</name>
    <message>
        <source>Chain / rule</source>
        <translation>チェイン / ルール</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>ターゲット</translation>
    </message>
    <message>
        <source>table %1</source>
        <translation>テーブル %1</translation>
    </message>
    <message numerus="yes">
        <source>%n chain(s)</source>
        <translation>
            <numerusform>%n 個のチェイン</numerusform>
        </translation>
    </message>
    <message>
        <source>built-in chain</source>
        <translation>組み込みチェイン</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s)</source>
        <translation>
            <numerusform>%n 個のルール</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>studio::views::RulesView</name>
    <message numerus="yes">
        <source>%n rule(s) planned for this node</source>
        <translation>
            <numerusform>このノードに計画されたルール: %n 個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n highlighted for %1</source>
        <translation>
            <numerusform>%1 のもの %n 個を強調表示</numerusform>
        </translation>
    </message>
    <message>
        <source>The applied rules could not be read: %1</source>
        <translation>適用済みルールを読み取れませんでした: %1</translation>
    </message>
    <message>
        <source>The node holds exactly the planned rules.</source>
        <translation>ノードには計画どおりのルールだけがあります。</translation>
    </message>
    <message>
        <source>Chains planned but missing on the node:</source>
        <translation>計画にあるがノードにないチェイン:</translation>
    </message>
    <message>
        <source>Rules planned but missing on the node:</source>
        <translation>計画にあるがノードにないルール:</translation>
    </message>
    <message>
        <source>Hooks missing from the built-in chains:</source>
        <translation>組み込みチェインにないフック:</translation>
    </message>
    <message>
        <source>Chains on the node that the plan does not have:</source>
        <translation>ノードにあるが計画にないチェイン:</translation>
    </message>
    <message>
        <source>Rules on the node that the plan does not have:</source>
        <translation>ノードにあるが計画にないルール:</translation>
    </message>
    <message>
        <source>Rules of %1</source>
        <translation>%1 のルール</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>ノード:</translation>
    </message>
    <message>
        <source>Show Service Rules</source>
        <translation>サービスのルールを表示</translation>
    </message>
    <message>
        <source>Expand the chains holding the selected service&apos;s rules</source>
        <translation>選択したサービスのルールを含むチェインを展開します</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>iptables</source>
        <translation>iptables</translation>
    </message>
    <message>
        <source>IPVS</source>
        <translation>IPVS</translation>
    </message>
    <message>
        <source>userspace</source>
        <translation>userspace</translation>
    </message>
    <message>
        <source>Applied on the node</source>
        <translation>ノードに適用済み</translation>
    </message>
    <message>
        <source>Paste the output of iptables-save from the node (or what service-agent reports) to compare it with the plan.</source>
        <translation>ノードの iptables-save の出力（または service-agent の報告内容）を貼り付けると、計画と比較します。</translation>
    </message>
    <message>
        <source>Compare with Plan</source>
        <translation>計画と比較</translation>
    </message>
    <message>
        <source>persistent %1 s</source>
        <translation>永続 %1 秒</translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation>重み %1</translation>
    </message>
    <message>
        <source>(no endpoints)</source>
        <translation>（エンドポイントなし）</translation>
    </message>
    <message>
        <source>Virtual server / real server</source>
        <translation>仮想サーバー / 実サーバー</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>スケジューラー</translation>
    </message>
    <message>
        <source>Address kind</source>
        <translation>アドレスの種類</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <source>Service port</source>
        <translation>サービスポート</translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation>仮想 IP</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>プロキシポート</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>エンドポイント</translation>
    </message>
</context>
<context>
    <name>studio::views::ServiceEditor</name>
    <message>
        <source>Checking %1 with a server dry run…</source>
        <translation>サーバーのドライランで %1 を確認しています…</translation>
    </message>
    <message>
        <source>Reading the live %1…</source>
        <translation>クラスター上の %1 を読み込んでいます…</translation>
    </message>
    <message>
        <source>Applying %1…</source>
        <translation>%1 を適用しています…</translation>
    </message>
    <message>
        <source>Reloading %1 from the cluster…</source>
        <translation>クラスターから %1 を再読み込みしています…</translation>
    </message>
    <message>
        <source>Created %1 (resourceVersion %2).</source>
        <translation>%1 を作成しました（resourceVersion %2）。</translation>
    </message>
    <message>
        <source>Replaced %1 (resourceVersion %2).</source>
        <translation>%1 を置き換えました（resourceVersion %2）。</translation>
    </message>
    <message>
        <source>Object:</source>
        <extracomment>Chooser of the object (document) of a multi-document file shown in the form</extracomment>
        <translation>オブジェクト:</translation>
    </message>
    <message>
        <source>There is no form for this object; edit it as YAML.</source>
        <translation>このオブジェクトにはフォームがありません。YAML で編集してください。</translation>
    </message>
    <message>
        <source>The YAML cannot be read (line %1, column %2): %3. The form shows the last readable state until it is fixed.</source>
        <translation>YAML を読み込めません（%1 行 %2 列）: %3。修正されるまで、フォームは最後に読み込めた状態を表示します。</translation>
    </message>
    <message>
        <source>Fix this in the YAML first, the form cannot show it: %1</source>
        <translation>フォームでは表示できないため、先に YAML で修正してください: %1</translation>
    </message>
    <message>
        <source>This object is an item of a List; edit it as YAML.</source>
        <translation>このオブジェクトは List の要素です。YAML で編集してください。</translation>
    </message>
    <message>
        <source>The document is empty. Use File → New Service… or type YAML.</source>
        <translation>ドキュメントは空です。ファイル → 新しいサービス… を使うか、YAML を入力してください。</translation>
    </message>
    <message>
        <source>%1 (server)</source>
        <extracomment>Object label of a problem the server (a 422 answer) reported, e.g. &quot;Service/web (server)&quot;</extracomment>
        <translation>%1（サーバー）</translation>
    </message>
    <message>
        <source>(server)</source>
        <translation>（サーバー）</translation>
    </message>
    <message>
        <source>No cluster is connected: choose one in the cluster switcher.</source>
        <translation>クラスターに接続していません。クラスター切り替えで選んでください。</translation>
    </message>
    <message>
        <source>The YAML cannot be read, so there is nothing to apply: %1</source>
        <translation>YAML を読み込めないため、適用するものがありません: %1</translation>
    </message>
    <message>
        <source>Nothing to apply: the document holds no object of a kind Service Studio knows.</source>
        <translation>適用するものがありません。ドキュメントに Service Studio が扱える種類のオブジェクトがありません。</translation>
    </message>
    <message>
        <source>Fix the YAML first: %1</source>
        <translation>先に YAML を修正してください: %1</translation>
    </message>
    <message>
        <source>Apply cancelled; nothing was changed.</source>
        <translation>適用を取り消しました。何も変更されていません。</translation>
    </message>
    <message numerus="yes">
        <source>The server refused %1: %n problem(s), marked in the form and the YAML.</source>
        <translation>
            <numerusform>サーバーが %1 を拒否しました: %n 件の問題があり、フォームと YAML に表示しています。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was changed in the cluster after it was read: %2</source>
        <translation>%1 は読み込んだ後にクラスター上で変更されました: %2</translation>
    </message>
    <message>
        <source>Reload and Reapply</source>
        <translation>再読み込みして再適用</translation>
    </message>
    <message>
        <source>Applying %1 failed: %2</source>
        <translation>%1 の適用に失敗しました: %2</translation>
    </message>
</context>
<context>
    <name>studio::views::ServiceForm</name>
    <message>
        <source>Metadata</source>
        <translation>メタデータ</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <source>Traffic</source>
        <extracomment>Group of the fields that shape traffic: session affinity, traffic policy, load balancer</extracomment>
        <translation>トラフィック</translation>
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
        <source>Labels</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>アノテーション</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>タイプ</translation>
    </message>
    <message>
        <source>Cluster IP</source>
        <translation>クラスターIP</translation>
    </message>
    <message>
        <source>External name</source>
        <translation>外部名</translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>セレクタ</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>External IPs</source>
        <translation>外部IP</translation>
    </message>
    <message>
        <source>Not-ready addresses</source>
        <translation>準備未完了のアドレス</translation>
    </message>
    <message>
        <source>Session affinity</source>
        <translation>セッションアフィニティ</translation>
    </message>
    <message>
        <source>Affinity timeout</source>
        <translation>アフィニティのタイムアウト</translation>
    </message>
    <message>
        <source>External traffic policy</source>
        <translation>外部トラフィックポリシー</translation>
    </message>
    <message>
        <source>Health-check node port</source>
        <translation>ヘルスチェック用ノードポート</translation>
    </message>
    <message>
        <source>Load balancer IP</source>
        <translation>ロードバランサーIP</translation>
    </message>
    <message>
        <source>Source ranges</source>
        <translation>送信元の範囲</translation>
    </message>
    <message>
        <source>required, e.g. my-service</source>
        <translation>必須。例: my-service</translation>
    </message>
    <message>
        <source>the cluster&apos;s default namespace</source>
        <translation>クラスターのデフォルトのネームスペース</translation>
    </message>
    <message>
        <source>allocated; None for a headless service</source>
        <extracomment>Placeholder of spec.clusterIP; &quot;None&quot; is the literal value for a headless service</extracomment>
        <translation>自動割り当て。ヘッドレスサービスは None</translation>
    </message>
    <message>
        <source>a DNS name, e.g. my.database.example.com</source>
        <translation>DNS 名。例: my.database.example.com</translation>
    </message>
    <message>
        <source>chosen by the cloud provider</source>
        <translation>クラウドプロバイダーが選択</translation>
    </message>
    <message>
        <source>No selector (Endpoints are written by hand)</source>
        <translation>セレクタなし（エンドポイントは手動で記述）</translation>
    </message>
    <message>
        <source>Publish addresses of pods that are not ready</source>
        <extracomment>spec.publishNotReadyAddresses</extracomment>
        <translation>準備ができていないポッドのアドレスも公開する</translation>
    </message>
    <message>
        <source>default (10800 s)</source>
        <translation>デフォルト（10800 秒）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>自動割り当て</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>CIDR</source>
        <translation>CIDR</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>プロトコル</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Target port</source>
        <translation>ターゲットポート</translation>
    </message>
    <message>
        <source>Node port</source>
        <translation>ノードポート</translation>
    </message>
    <message>
        <source>App protocol</source>
        <translation>アプリケーションプロトコル</translation>
    </message>
    <message>
        <source>Add a cloud load-balancer annotation</source>
        <translation>クラウドロードバランサーのアノテーションを追加</translation>
    </message>
    <message>
        <source>Allowed: %1</source>
        <translation>使用できる値: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告: %1</translation>
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
        <extracomment>ready endpoints / all endpoints of a service, e.g. &quot;2/3&quot;</extracomment>
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
<context>
    <name>studio::views::TableEditor</name>
    <message>
        <source>Add a row</source>
        <translation>行を追加</translation>
    </message>
    <message>
        <source>Remove the selected row</source>
        <translation>選択した行を削除</translation>
    </message>
</context>
<context>
    <name>studio::views::TopologyScene</name>
    <message>
        <source>Topology</source>
        <translation>トポロジー</translation>
    </message>
    <message>
        <source>Select a service to see its selector, pods, endpoints and nodes.</source>
        <translation>サービスを選択すると、そのセレクタ、ポッド、エンドポイント、ノードが表示されます。</translation>
    </message>
    <message>
        <source>The service %1 does not exist (any more).</source>
        <translation>サービス %1 は存在しません（削除されました）。</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>タイプ: %1</translation>
    </message>
    <message>
        <source>External name: %1</source>
        <translation>外部名: %1</translation>
    </message>
    <message>
        <source>Headless: no cluster IP, DNS returns the endpoints</source>
        <translation>ヘッドレス: ClusterIP なし、DNS がエンドポイントを返します</translation>
    </message>
    <message>
        <source>Cluster IP: %1</source>
        <translation>ClusterIP: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>External IP: %1</source>
        <translation>外部 IP: %1</translation>
    </message>
    <message>
        <source>Load balancer: %1</source>
        <translation>ロードバランサー: %1</translation>
    </message>
    <message>
        <source>External traffic policy: Local</source>
        <translation>外部トラフィックポリシー: Local</translation>
    </message>
    <message>
        <source>Session affinity: ClientIP</source>
        <translation>セッションアフィニティ: ClientIP</translation>
    </message>
    <message>
        <source>Port %1/%2 → target %3</source>
        <translation>ポート %1/%2 → ターゲット %3</translation>
    </message>
    <message>
        <source>Port %1 %2/%3 → target %4</source>
        <translation>ポート %1 %2/%3 → ターゲット %4</translation>
    </message>
    <message>
        <source>node port %1</source>
        <translation>ノードポート %1</translation>
    </message>
    <message>
        <source>Service %1</source>
        <translation>サービス %1</translation>
    </message>
    <message>
        <source>pod %1</source>
        <translation>ポッド %1</translation>
    </message>
    <message>
        <source>outside the cluster</source>
        <translation>クラスター外</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>%1 上</translation>
    </message>
    <message>
        <source>● ready %1 → %2 · %3</source>
        <translation>● Ready %1 → %2 · %3</translation>
    </message>
    <message>
        <source>○ not ready %1 → %2 · %3</source>
        <translation>○ NotReady %1 → %2 · %3</translation>
    </message>
    <message>
        <source>(no ports)</source>
        <translation>（ポートなし）</translation>
    </message>
    <message>
        <source>None: an ExternalName service is a DNS alias</source>
        <translation>なし: ExternalName サービスは DNS の別名です</translation>
    </message>
    <message>
        <source>No Endpoints object</source>
        <translation>Endpoints オブジェクトがありません</translation>
    </message>
    <message>
        <source>%1 ready, %2 not ready</source>
        <translation>Ready %1、NotReady %2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… ほか %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>no IP (%1)</source>
        <translation>IP なし（%1）</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>endpoint → %1</source>
        <translation>エンドポイント → %1</translation>
    </message>
    <message>
        <source>not ready → %1</source>
        <translation>NotReady → %1</translation>
    </message>
    <message>
        <source>selected, no IP yet</source>
        <translation>選択済み、IP 未割り当て</translation>
    </message>
    <message>
        <source>selected, not an endpoint</source>
        <translation>選択済み、エンドポイントではない</translation>
    </message>
    <message>
        <source>not selected: no selector</source>
        <translation>選択されていない: セレクタなし</translation>
    </message>
    <message>
        <source>%1=%2, wants %3</source>
        <translation>%1=%2（セレクタは %3）</translation>
    </message>
    <message>
        <source>no label %1 (wants %2)</source>
        <translation>ラベル %1 なし（セレクタは %2）</translation>
    </message>
    <message>
        <source>Pod %1
Labels: %2
%3</source>
        <translation>ポッド %1
ラベル: %2
%3</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>未スケジュール</translation>
    </message>
    <message>
        <source>No selector: an ExternalName service selects no pods</source>
        <translation>セレクタなし: ExternalName サービスはポッドを選択しません</translation>
    </message>
    <message>
        <source>No selector: the Endpoints are written by hand</source>
        <translation>セレクタなし: Endpoints は手動で作成されます</translation>
    </message>
    <message>
        <source>Empty selector: stored as no selector</source>
        <translation>空のセレクタ: セレクタなしとして保存されます</translation>
    </message>
    <message numerus="yes">
        <source>Matches %1 of %n pod(s) in %2</source>
        <translation>
            <numerusform>%2 の %n 個のポッドのうち %1 個に一致</numerusform>
        </translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>セレクタ</translation>
    </message>
    <message>
        <source>Endpoints %1</source>
        <translation>エンドポイント %1</translation>
    </message>
    <message>
        <source>controller</source>
        <translation>コントローラー</translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s)</source>
        <translation>
            <numerusform>%n 個のポッド</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n 個を選択</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>studio::views::TopologyView</name>
    <message>
        <source>Topology of %1</source>
        <translation>%1 のトポロジー</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>拡大</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>全体を表示</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>Save the topology as a PNG image or an SVG drawing</source>
        <translation>トポロジーを PNG 画像または SVG 図として保存します</translation>
    </message>
    <message>
        <source>ready endpoint</source>
        <translation>Ready なエンドポイント</translation>
    </message>
    <message>
        <source>not ready</source>
        <translation>NotReady</translation>
    </message>
    <message>
        <source>selected, no endpoint</source>
        <translation>選択済み、エンドポイントなし</translation>
    </message>
    <message>
        <source>not selected</source>
        <translation>選択されていない</translation>
    </message>
</context>
<context>
    <name>studio::views::TrafficPathView</name>
    <message>
        <source>Client</source>
        <translation>クライアント</translation>
    </message>
    <message>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <source>Node rules</source>
        <translation>ノードのルール</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>アドレス変換</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>The service %1 has no selector, and no Endpoints of it list a ready address: nothing tells the proxy where to send traffic.</source>
        <translation>サービス %1 にはセレクタがなく、その Endpoints にも Ready なアドレスがありません: プロキシはトラフィックの送り先を知りません。</translation>
    </message>
    <message>
        <source>The service %1 has no ready endpoint, so nothing answers: the connection is refused.</source>
        <translation>サービス %1 に Ready なエンドポイントがないため応答する相手がなく、接続は拒否されます。</translation>
    </message>
    <message>
        <source>The selector of %1 (%2) matches no pod in namespace %3.</source>
        <translation>%1 のセレクタ（%2）は、名前空間 %3 のどのポッドにも一致しません。</translation>
    </message>
    <message>
        <source>The closest pod, %1, has no label %2 (the selector wants &quot;%3&quot;).</source>
        <translation>最も近いポッド %1 にはラベル %2 がありません（セレクタは「%3」を要求）。</translation>
    </message>
    <message>
        <source>The closest pod, %1, has %2=&quot;%3&quot;, but the selector wants &quot;%4&quot;.</source>
        <translation>最も近いポッド %1 は %2=「%3」ですが、セレクタは「%4」を要求しています。</translation>
    </message>
    <message>
        <source>Pod %1 has no container port named &quot;%2&quot;, so it is not an endpoint of this port.</source>
        <translation>ポッド %1 には「%2」という名前のコンテナポートがないため、このポートのエンドポイントになりません。</translation>
    </message>
    <message>
        <source>Pod %1 has no IP address yet, so it cannot be an endpoint.</source>
        <translation>ポッド %1 にはまだ IP アドレスがないため、エンドポイントになれません。</translation>
    </message>
    <message>
        <source>Pod %1 is not ready: it is listed under notReadyAddresses and gets no traffic.</source>
        <translation>ポッド %1 は Ready ではありません: notReadyAddresses に入っており、トラフィックを受けません。</translation>
    </message>
    <message>
        <source>The client address %1 is outside the service&apos;s loadBalancerSourceRanges (%2): the packet is dropped.</source>
        <translation>クライアントのアドレス %1 はサービスの loadBalancerSourceRanges（%2）の範囲外のため、パケットは破棄されます。</translation>
    </message>
    <message>
        <source>externalTrafficPolicy of %1 is Local and node %2 runs no ready endpoint of it: the packet is dropped.</source>
        <translation>%1 の externalTrafficPolicy は Local で、ノード %2 には Ready なエンドポイントがないため、パケットは破棄されます。</translation>
    </message>
    <message>
        <source>%1 is an ExternalName service: DNS answers with a CNAME to %2 and no proxy is involved; the client connects to that host itself.</source>
        <translation>%1 は ExternalName サービスです: DNS は %2 への CNAME を返し、プロキシは関与しません。クライアントはそのホストに自分で接続します。</translation>
    </message>
    <message>
        <source>%1 is headless: DNS returns the pods&apos; addresses and the client connects to one of them directly, without a virtual IP.</source>
        <translation>%1 はヘッドレスです: DNS がポッドのアドレスを返し、クライアントは仮想 IP を経由せずにそのいずれかへ直接接続します。</translation>
    </message>
    <message>
        <source>a loopback address</source>
        <translation>ループバックアドレス</translation>
    </message>
    <message>
        <source>a link-local address</source>
        <translation>リンクローカルアドレス</translation>
    </message>
    <message>
        <source>a link-local multicast address</source>
        <translation>リンクローカルマルチキャストアドレス</translation>
    </message>
    <message>
        <source>a cluster IP</source>
        <translation>ClusterIP</translation>
    </message>
    <message>
        <source>The endpoint address %1 is %2, which the apiserver forbids in Endpoints.</source>
        <translation>エンドポイントのアドレス %1 は %2 であり、apiserver は Endpoints での使用を禁止しています。</translation>
    </message>
    <message>
        <source>No DNS record answers &quot;%1&quot;.</source>
        <translation>「%1」に応答する DNS レコードはありません。</translation>
    </message>
    <message>
        <source>Nothing in the cluster answers at %1: it is no cluster IP, external IP, load-balancer IP, node port or pod address, or no rule translates it.</source>
        <translation>クラスター内で %1 に応答するものはありません: ClusterIP、外部 IP、ロードバランサーの IP、ノードポート、ポッドのアドレスのいずれでもないか、変換するルールがありません。</translation>
    </message>
    <message>
        <source>The service %1 has no port %2 (it has: %3).</source>
        <translation>サービス %1 にはポート %2 がありません（あるのは: %3）。</translation>
    </message>
    <message>
        <source>The service %1 has several ports (%2): say which one.</source>
        <translation>サービス %1 には複数のポートがあります（%2）: どれかを指定してください。</translation>
    </message>
    <message>
        <source>No service uses node port %1.</source>
        <translation>ノードポート %1 を使うサービスはありません。</translation>
    </message>
    <message>
        <source>Tracing in %1 mode is not available yet.</source>
        <translation>%1 モードのトレースはまだ利用できません。</translation>
    </message>
    <message>
        <source>The source is masqueraded: the pod sees the address of node %2, not the client&apos;s %1.</source>
        <translation>送信元はマスカレードされます: ポッドに見えるのはクライアントの %1 ではなく、ノード %2 のアドレスです。</translation>
    </message>
    <message>
        <source>The source is not masqueraded: the pod sees the client&apos;s own address %1.</source>
        <translation>送信元はマスカレードされません: ポッドにはクライアント自身のアドレス %1 が見えます。</translation>
    </message>
    <message>
        <source>The destination is the address of pod %1: no service and no proxy are involved.</source>
        <translation>宛先はポッド %1 のアドレスです: サービスもプロキシも関与しません。</translation>
    </message>
    <message>
        <source>outside the cluster</source>
        <translation>クラスター外</translation>
    </message>
    <message>
        <source>pod %1 on %2</source>
        <translation>ポッド %1（%2 上）</translation>
    </message>
    <message>
        <source>sees %1 (masqueraded)</source>
        <translation>%1 が見える（マスカレード）</translation>
    </message>
    <message>
        <source>sees the client %1</source>
        <translation>クライアント %1 が見える</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… ほか %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a client and a destination, then Trace.</source>
        <translation>クライアントと宛先を選び、「トレース」を押してください。</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>（自動）</translation>
    </message>
    <message>
        <source>No cluster.</source>
        <translation>クラスターがありません。</translation>
    </message>
    <message>
        <source>Choose a client and a destination.</source>
        <translation>クライアントと宛先を選んでください。</translation>
    </message>
    <message>
        <source>Cannot trace this request: %1</source>
        <translation>この要求はトレースできません: %1</translation>
    </message>
    <message>
        <source>(not a pod)</source>
        <translation>（ポッドではない）</translation>
    </message>
    <message>
        <source>masqueraded: sees %1</source>
        <translation>マスカレード: %1 が見える</translation>
    </message>
    <message numerus="yes">
        <source>Reaches %n endpoint(s)</source>
        <translation>
            <numerusform>%n 個のエンドポイントに到達</numerusform>
        </translation>
    </message>
    <message>
        <source>destination %1</source>
        <translation>宛先 %1</translation>
    </message>
    <message>
        <source>rules of %1</source>
        <translation>%1 のルール</translation>
    </message>
    <message>
        <source>Does not reach an endpoint</source>
        <translation>エンドポイントに到達しません</translation>
    </message>
    <message>
        <source>Traffic path</source>
        <translation>トラフィック経路</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>送信元:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>宛先:</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>モード:</translation>
    </message>
    <message>
        <source>Enters at:</source>
        <translation>入口ノード:</translation>
    </message>
    <message>
        <source>The node an outside client&apos;s packet reaches first</source>
        <translation>外部クライアントのパケットが最初に届くノード</translation>
    </message>
    <message>
        <source>pod/NAME.NAMESPACE, node/NAME, or an address outside the cluster</source>
        <translation>pod/名前.名前空間、node/名前、またはクラスター外のアドレス</translation>
    </message>
    <message>
        <source>A DNS name (NAME.NAMESPACE:PORT), ClusterIP:port, NodeIP:NodePort, an external or load-balancer IP</source>
        <translation>DNS 名（名前.名前空間:ポート）、ClusterIP:ポート、ノードIP:NodePort、外部 IP またはロードバランサーの IP</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>トレース</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>再生</translation>
    </message>
    <message>
        <source>Animate the packet along the path</source>
        <translation>パケットが経路をたどる様子をアニメーションで表示します</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>Hops</source>
        <translation>ホップ</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Explanations</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>手順</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Pod</source>
        <translation>ポッド</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>確率</translation>
    </message>
    <message>
        <source>Source address</source>
        <translation>送信元アドレス</translation>
    </message>
    <message>
        <source>Tracing…</source>
        <translation>トレース中…</translation>
    </message>
</context>
<context>
    <name>studio::views::TrainingDocks</name>
    <message>
        <source>&amp;Training</source>
        <extracomment>the menu of training mode (lessons)</extracomment>
        <translation>トレーニング(&amp;T)</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>トレーニング</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>レッスン(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Presenter Mode</source>
        <translation>プレゼンターモード(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next Step</source>
        <translation>次のステップ(&amp;N)</translation>
    </message>
    <message>
        <source>P&amp;revious Step</source>
        <translation>前のステップ(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Reload Lesson Files</source>
        <translation>レッスンファイルを再読み込み(&amp;R)</translation>
    </message>
</context>
<context>
    <name>studio::views::TrainingPanel</name>
    <message>
        <source>No lessons found in %1.</source>
        <extracomment>%1 is a directory</extracomment>
        <translation>%1 にレッスンが見つかりません。</translation>
    </message>
    <message>
        <source>Lesson not loaded: %1: %2</source>
        <extracomment>%1 is file:line:column, %2 the problem (English, from the lesson reader)</extracomment>
        <translation>レッスンを読み込めません: %1: %2</translation>
    </message>
    <message>
        <source>The lesson&apos;s scenario does not load: %1</source>
        <translation>レッスンのシナリオを読み込めません: %1</translation>
    </message>
    <message>
        <source>Scenario object refused: %1:%2: %3</source>
        <extracomment>%1 file, %2 line, %3 the apiserver&apos;s message</extracomment>
        <translation>シナリオのオブジェクトが拒否されました: %1:%2: %3</translation>
    </message>
    <message>
        <source>lesson-%1.yaml</source>
        <extracomment>the editor tab&apos;s title for a lesson&apos;s exercise; %1 is the lesson id</extracomment>
        <translation>lesson-%1.yaml</translation>
    </message>
    <message>
        <source>No lesson</source>
        <translation>レッスンがありません</translation>
    </message>
    <message>
        <source>Task %1</source>
        <extracomment>%1 is the task&apos;s number</extracomment>
        <translation>タスク %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <extracomment>%1 is the step&apos;s number, %2 how many steps the lesson has</extracomment>
        <translation>ステップ %1 / %2</translation>
    </message>
    <message>
        <source>The manifest does not read: %1</source>
        <extracomment>%1 is the YAML reader&apos;s message</extracomment>
        <translation>マニフェストを読み取れません: %1</translation>
    </message>
    <message>
        <source>The manifest has no Service.</source>
        <translation>マニフェストにサービスがありません。</translation>
    </message>
    <message>
        <source>The manifest has no Service named %1.</source>
        <translation>マニフェストに %1 という名前のサービスがありません。</translation>
    </message>
    <message>
        <source>The cluster refused the Service: %1</source>
        <extracomment>%1 is the apiserver&apos;s message</extracomment>
        <translation>クラスターがサービスを拒否しました: %1</translation>
    </message>
    <message>
        <source>spec.selector does not contain %1 (it is: %2).</source>
        <extracomment>%1 a label such as app=MyApp, %2 the selector as it is</extracomment>
        <translation>spec.selector に %1 が含まれていません（現在: %2）。</translation>
    </message>
    <message>
        <source>The Service has a selector (%1); this task needs one without.</source>
        <translation>サービスにセレクター（%1）があります。このタスクではセレクターなしにします。</translation>
    </message>
    <message>
        <source>No port with %1 (ports: %2).</source>
        <extracomment>%1 the wanted port, e.g. &quot;port 80 targetPort 9376&quot;; %2 the Service&apos;s ports</extracomment>
        <translation>%1 のポートがありません（ポート: %2）。</translation>
    </message>
    <message>
        <source>The Service has %1 ports; this task needs %2.</source>
        <translation>サービスのポートは %1 個です。このタスクでは %2 個必要です。</translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;; expected &quot;%3&quot;.</source>
        <extracomment>%1 a field path such as spec.type; %2 its value; %3 the wanted value</extracomment>
        <translation>%1 は「%2」です。「%3」にしてください。</translation>
    </message>
    <message>
        <source>The Endpoints of %1 have no ready address.</source>
        <extracomment>%1 is namespace/name of a service</extracomment>
        <translation>%1 の Endpoints に Ready なアドレスがありません。</translation>
    </message>
    <message>
        <source>The Endpoints of %1 still have %2 addresses.</source>
        <translation>%1 の Endpoints にはまだ %2 個のアドレスがあります。</translation>
    </message>
    <message>
        <source>The Endpoints of %1 have %2 addresses; expected %3.</source>
        <translation>%1 の Endpoints のアドレスは %2 個です。%3 個になるはずです。</translation>
    </message>
    <message>
        <source>Cannot trace %1: %2</source>
        <extracomment>%1 &quot;client -&gt; destination&quot;, %2 the tracer&apos;s message</extracomment>
        <translation>%1 の経路をたどれません: %2</translation>
    </message>
    <message>
        <source>%1 does not reach a pod: %2</source>
        <extracomment>%1 &quot;client -&gt; destination&quot;, %2 why (English, from the tracer)</extracomment>
        <translation>%1 は Pod に届きません: %2</translation>
    </message>
    <message>
        <source>%1 still reaches a pod.</source>
        <translation>%1 はまだ Pod に届きます。</translation>
    </message>
    <message>
        <source>%1 reaches %2, not only %3.</source>
        <extracomment>%1 &quot;client -&gt; destination&quot;, %2 the pods reached, %3 the wanted pod</extracomment>
        <translation>%1 は %3 だけでなく %2 に届きます。</translation>
    </message>
    <message>
        <source>The pod sees the client as %1; expected %2.</source>
        <extracomment>%1 the address the pod sees, %2 the wanted one</extracomment>
        <translation>Pod から見えるクライアントは %1 です。%2 になるはずです。</translation>
    </message>
    <message>
        <source>Choose an answer.</source>
        <translation>答えを選んでください。</translation>
    </message>
    <message>
        <source>That is not the right answer.</source>
        <translation>正しい答えではありません。</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>未チェック</translation>
    </message>
    <message>
        <source>Passed</source>
        <extracomment>a task&apos;s check passed (after a check mark)</extracomment>
        <translation>合格</translation>
    </message>
    <message>
        <source>Not yet</source>
        <extracomment>a task&apos;s check failed (after a cross mark)</extracomment>
        <translation>まだです</translation>
    </message>
    <message>
        <source>Hint: %1</source>
        <extracomment>%1 is the lesson&apos;s hint</extracomment>
        <translation>ヒント: %1</translation>
    </message>
    <message>
        <source>%1 of %2 tasks passed</source>
        <extracomment>%1 tasks passed out of %2</extracomment>
        <translation>%2 個中 %1 個のタスクに合格</translation>
    </message>
    <message>
        <source>This lesson has no tasks.</source>
        <translation>このレッスンにはタスクがありません。</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>前へ</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>次へ</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>チェック</translation>
    </message>
    <message>
        <source>Apply the exercise to the lesson&apos;s cluster and check every task</source>
        <translation>演習をレッスンのクラスターに適用し、すべてのタスクをチェックします</translation>
    </message>
    <message>
        <source>Open exercise</source>
        <extracomment>opens the lesson&apos;s exercise manifest in the editor again</extracomment>
        <translation>演習を開く</translation>
    </message>
    <message>
        <source>Presenter mode</source>
        <translation>プレゼンターモード</translation>
    </message>
    <message>
        <source>Large fonts, both languages side by side; PageDown/PageUp or arrows step, Esc leaves</source>
        <translation>大きな文字で、2 つの言語を並べて表示します。PageDown/PageUp か矢印キーでステップを移動し、Esc で終了します</translation>
    </message>
    <message>
        <source>Show the lesson in Japanese and English side by side</source>
        <translation>レッスンを日本語と英語で並べて表示します</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>拡大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>タスク</translation>
    </message>
    <message>
        <source>This step has no diagram.</source>
        <extracomment>shown where a lesson step&apos;s diagram would be, when the step has none</extracomment>
        <translation>このステップには図がありません。</translation>
    </message>
</context>
<context>
    <name>studio::views::ViewExport</name>
    <message>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 画像 (*.png);;SVG 図 (*.svg)</translation>
    </message>
</context>
<context>
    <name>studio::views::VisualizationDocks</name>
    <message>
        <source>Topology</source>
        <translation>トポロジー</translation>
    </message>
    <message>
        <source>Traffic Path</source>
        <translation>トラフィック経路</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>ルール</translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation>サービスディスカバリー</translation>
    </message>
</context>
</TS>
