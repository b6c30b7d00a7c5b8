<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CloudAnnotation</name>
    <message>
        <source>Client address ranges allowed to reach the load balancer (older form of spec.loadBalancerSourceRanges, which wins when both are set).</source>
        <translation>Client address ranges allowed to reach the load balancer (older form of spec.loadBalancerSourceRanges, which wins when both are set).</translation>
    </message>
    <message>
        <source>Creates an internal load balancer in the VPC instead of an external one. Use &quot;internal&quot; (lower case) only for masters 1.7.0 to 1.7.3.</source>
        <translation>Creates an internal load balancer in the VPC instead of an external one. Use &quot;internal&quot; (lower case) only for masters 1.7.0 to 1.7.3.</translation>
    </message>
    <message>
        <source>Creates an internal ELB reachable only from inside the VPC. The concept page uses 0.0.0.0/0; any non-empty value turns it on.</source>
        <translation>Creates an internal ELB reachable only from inside the VPC. The concept page uses 0.0.0.0/0; any non-empty value turns it on.</translation>
    </message>
    <message>
        <source>Creates an internal Azure load balancer. Only the exact text &quot;true&quot; enables it.</source>
        <translation>Creates an internal Azure load balancer. Only the exact text &quot;true&quot; enables it.</translation>
    </message>
    <message>
        <source>Creates an internal OpenStack (Octavia/Neutron LBaaS) load balancer without a floating IP.</source>
        <translation>Creates an internal OpenStack (Octavia/Neutron LBaaS) load balancer without a floating IP.</translation>
    </message>
    <message>
        <source>ARN of the certificate for HTTPS/SSL listeners: from AWS Certificate Manager or a third-party certificate uploaded to IAM.</source>
        <translation>ARN of the certificate for HTTPS/SSL listeners: from AWS Certificate Manager or a third-party certificate uploaded to IAM.</translation>
    </message>
    <message>
        <source>Protocol the pods speak. http/https select layer 7 proxying (with X-Forwarded-For), ssl/tcp layer 4 proxying.</source>
        <translation>Protocol the pods speak. http/https select layer 7 proxying (with X-Forwarded-For), ssl/tcp layer 4 proxying.</translation>
    </message>
    <message>
        <source>Service ports (numbers or names) that use the SSL certificate; the others stay plain. &quot;*&quot; means all ports.</source>
        <translation>Service ports (numbers or names) that use the SSL certificate; the others stay plain. &quot;*&quot; means all ports.</translation>
    </message>
    <message>
        <source>A predefined AWS SSL policy for the HTTPS/SSL listeners (see aws elb describe-load-balancer-policies).</source>
        <translation>A predefined AWS SSL policy for the HTTPS/SSL listeners (see aws elb describe-load-balancer-policies).</translation>
    </message>
    <message>
        <source>Enables the PROXY protocol on all ports proxied by the ELB; &quot;*&quot; is the only supported value.</source>
        <translation>Enables the PROXY protocol on all ports proxied by the ELB; &quot;*&quot; is the only supported value.</translation>
    </message>
    <message>
        <source>Whether ELB access logs are enabled.</source>
        <translation>Whether ELB access logs are enabled.</translation>
    </message>
    <message>
        <source>Interval in minutes for publishing the access logs: 5 or 60.</source>
        <translation>Interval in minutes for publishing the access logs: 5 or 60.</translation>
    </message>
    <message>
        <source>Name of the Amazon S3 bucket where the access logs are stored.</source>
        <translation>Name of the Amazon S3 bucket where the access logs are stored.</translation>
    </message>
    <message>
        <source>Logical hierarchy (key prefix) inside the S3 bucket for the access logs.</source>
        <translation>Logical hierarchy (key prefix) inside the S3 bucket for the access logs.</translation>
    </message>
    <message>
        <source>Whether connection draining is enabled for the Classic ELB.</source>
        <translation>Whether connection draining is enabled for the Classic ELB.</translation>
    </message>
    <message>
        <source>Maximum time, in seconds, to keep existing connections open before deregistering the instances.</source>
        <translation>Maximum time, in seconds, to keep existing connections open before deregistering the instances.</translation>
    </message>
    <message>
        <source>Time, in seconds, a connection may be idle (no data sent) before the load balancer closes it.</source>
        <translation>Time, in seconds, a connection may be idle (no data sent) before the load balancer closes it.</translation>
    </message>
    <message>
        <source>Whether cross-zone load balancing is enabled for the load balancer.</source>
        <translation>Whether cross-zone load balancing is enabled for the load balancer.</translation>
    </message>
    <message>
        <source>Comma-separated key=value pairs recorded as additional tags on the ELB.</source>
        <translation>Comma-separated key=value pairs recorded as additional tags on the ELB.</translation>
    </message>
    <message>
        <source>Successive successful health checks before a backend is considered healthy. Defaults to 2, must be between 2 and 10.</source>
        <translation>Successive successful health checks before a backend is considered healthy. Defaults to 2, must be between 2 and 10.</translation>
    </message>
    <message>
        <source>Unsuccessful health checks before a backend is considered unhealthy. Defaults to 6, must be between 2 and 10.</source>
        <translation>Unsuccessful health checks before a backend is considered unhealthy. Defaults to 6, must be between 2 and 10.</translation>
    </message>
    <message>
        <source>Approximate interval, in seconds, between health checks of one instance. Defaults to 10, must be between 5 and 300.</source>
        <translation>Approximate interval, in seconds, between health checks of one instance. Defaults to 10, must be between 5 and 300.</translation>
    </message>
    <message>
        <source>Time, in seconds, without a response that fails a health check. Must be less than the healthcheck interval. Defaults to 5, must be between 2 and 60.</source>
        <translation>Time, in seconds, without a response that fails a health check. Must be less than the healthcheck interval. Defaults to 5, must be between 2 and 60.</translation>
    </message>
    <message>
        <source>Additional security groups to be added to the ELB.</source>
        <translation>Additional security groups to be added to the ELB.</translation>
    </message>
    <message>
        <source>&quot;nlb&quot; creates a Network Load Balancer instead of a Classic ELB (alpha since 1.9). An NLB passes the client IP to the node; set externalTrafficPolicy: Local to keep it up to the pod.</source>
        <translation>&quot;nlb&quot; creates a Network Load Balancer instead of a Classic ELB (alpha since 1.9). An NLB passes the client IP to the node; set externalTrafficPolicy: Local to keep it up to the pod.</translation>
    </message>
</context>
<context>
    <name>SeedExample</name>
    <message>
        <source>Sandbox cluster</source>
        <translation>Sandbox cluster</translation>
    </message>
    <message>
        <source>External IP</source>
        <translation>External IP</translation>
    </message>
    <message>
        <source>ExternalName service in prod</source>
        <translation>ExternalName service in prod</translation>
    </message>
    <message>
        <source>Headless services, with and without a selector</source>
        <translation>Headless services, with and without a selector</translation>
    </message>
    <message>
        <source>Image-processing backend behind my-service</source>
        <translation>Image-processing backend behind my-service</translation>
    </message>
    <message>
        <source>LoadBalancer with a requested IP</source>
        <translation>LoadBalancer with a requested IP</translation>
    </message>
    <message>
        <source>Multi-port service (http and https)</source>
        <translation>Multi-port service (http and https)</translation>
    </message>
    <message>
        <source>Choosing your own cluster IP</source>
        <translation>Choosing your own cluster IP</translation>
    </message>
    <message>
        <source>NodePort service</source>
        <translation>NodePort service</translation>
    </message>
    <message>
        <source>Environment variables of redis-master</source>
        <translation>Environment variables of redis-master</translation>
    </message>
    <message>
        <source>Service without a selector, with hand-written Endpoints</source>
        <translation>Service without a selector, with hand-written Endpoints</translation>
    </message>
</context>
<context>
    <name>studio::views::AddNodeDialog</name>
    <message>
        <source>Add node</source>
        <translation>Add node</translation>
    </message>
    <message>
        <source>address or ~/.ssh/config host alias</source>
        <translation>address or ~/.ssh/config host alias</translation>
    </message>
    <message>
        <source>from ssh config</source>
        <extracomment>port spin box at 0: the port comes from ~/.ssh/config (else 22)</extracomment>
        <translation>from ssh config</translation>
    </message>
    <message>
        <source>from ssh config, else your user name</source>
        <translation>from ssh config, else your user name</translation>
    </message>
    <message>
        <source>the Kubernetes Node name (empty: the node&apos;s host name)</source>
        <translation>the Kubernetes Node name (empty: the node&apos;s host name)</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>Node name:</source>
        <extracomment>the Kubernetes Node object&apos;s name</extracomment>
        <translation>Node name:</translation>
    </message>
    <message>
        <source>Install prefix:</source>
        <translation>Install prefix:</translation>
    </message>
    <message>
        <source>Connects to:</source>
        <translation>Connects to:</translation>
    </message>
    <message>
        <source>Enter a host.</source>
        <translation>Enter a host.</translation>
    </message>
    <message>
        <source>A host name must not contain spaces or &apos;@&apos; (the user has its own field).</source>
        <translation>A host name must not contain spaces or &apos;@&apos; (the user has its own field).</translation>
    </message>
    <message>
        <source>%1@%2 port %3</source>
        <extracomment>%1: user, %2: host name after ~/.ssh/config, %3: port</extracomment>
        <translation>%1@%2 port %3</translation>
    </message>
</context>
<context>
    <name>studio::views::ClusterSwitcher</name>
    <message>
        <source>Cluster:</source>
        <translation>Cluster:</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>Namespace:</translation>
    </message>
    <message>
        <source>Reload the kubeconfig and the namespaces</source>
        <translation>Reload the kubeconfig and the namespaces</translation>
    </message>
    <message>
        <source>The kubeconfig cannot be read: %1</source>
        <translation>The kubeconfig cannot be read: %1</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <extracomment>The built-in, in-process cluster the app opens on</extracomment>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>context %1: cluster %2 (%3), user %4</source>
        <translation>context %1: cluster %2 (%3), user %4</translation>
    </message>
    <message>
        <source>not defined</source>
        <translation>not defined</translation>
    </message>
    <message>
        <source>Cannot use context %1: %2</source>
        <translation>Cannot use context %1: %2</translation>
    </message>
    <message>
        <source>Context %1 skips TLS verification (insecure-skip-tls-verify): the server&apos;s identity is not checked.</source>
        <translation>Context %1 skips TLS verification (insecure-skip-tls-verify): the server&apos;s identity is not checked.</translation>
    </message>
    <message>
        <source>Context %1 talks plain HTTP: credentials travel unencrypted.</source>
        <translation>Context %1 talks plain HTTP: credentials travel unencrypted.</translation>
    </message>
    <message>
        <source>All namespaces</source>
        <translation>All namespaces</translation>
    </message>
    <message>
        <source>Cannot list the namespaces: %1</source>
        <translation>Cannot list the namespaces: %1</translation>
    </message>
</context>
<context>
    <name>studio::views::DiffDialog</name>
    <message>
        <source>Apply %1</source>
        <translation>Apply %1</translation>
    </message>
    <message>
        <source>Live object</source>
        <translation>Live object</translation>
    </message>
    <message>
        <source>Live object (does not exist yet)</source>
        <translation>Live object (does not exist yet)</translation>
    </message>
    <message>
        <source>After apply (server dry run)</source>
        <translation>After apply (server dry run)</translation>
    </message>
    <message>
        <source>The server accepted the object (dry run). Replacing %1 changes nothing.</source>
        <translation>The server accepted the object (dry run). Replacing %1 changes nothing.</translation>
    </message>
    <message numerus="yes">
        <source>The server accepted the object (dry run). Replacing %1 changes %n line(s).</source>
        <translation>
            <numerusform>The server accepted the object (dry run). Replacing %1 changes %n line.</numerusform>
            <numerusform>The server accepted the object (dry run). Replacing %1 changes %n lines.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server accepted the object (dry run). %1 does not exist yet and will be created.</source>
        <translation>The server accepted the object (dry run). %1 does not exist yet and will be created.</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Replace</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Create</translation>
    </message>
</context>
<context>
    <name>studio::views::DiscoveryPanel</name>
    <message>
        <source>Select a service.</source>
        <translation>Select a service.</translation>
    </message>
    <message>
        <source>An ExternalName service gives pods no environment variables.</source>
        <translation>An ExternalName service gives pods no environment variables.</translation>
    </message>
    <message>
        <source>A headless service (no cluster IP) gives pods no environment variables.</source>
        <translation>A headless service (no cluster IP) gives pods no environment variables.</translation>
    </message>
    <message>
        <source>Containers of pods in %1 started after the service was created get these variables.</source>
        <translation>Containers of pods in %1 started after the service was created get these variables.</translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s) started before it and lack them until restarted: %1</source>
        <translation>
            <numerusform>%n pod started before it and lacks them until restarted: %1</numerusform>
            <numerusform>%n pods started before it and lack them until restarted: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No records: a headless service without ready endpoints answers NXDOMAIN for %1.</source>
        <translation>No records: a headless service without ready endpoints answers NXDOMAIN for %1.</translation>
    </message>
    <message>
        <source>Pods in %1 can use &quot;%2&quot;; pods in other namespaces &quot;%2.%1&quot; or the full name %3.</source>
        <translation>Pods in %1 can use &quot;%2&quot;; pods in other namespaces &quot;%2.%1&quot; or the full name %3.</translation>
    </message>
    <message>
        <source>Discovery of %1</source>
        <translation>Discovery of %1</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Environment variables</translation>
    </message>
    <message>
        <source>DNS records</source>
        <translation>DNS records</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
</context>
<context>
    <name>studio::views::EndpointsForm</name>
    <message>
        <source>Endpoints</source>
        <translation>Endpoints</translation>
    </message>
    <message>
        <source>Endpoints of a service without a selector: the endpoints controller leaves them alone, so the addresses here are where the service&apos;s traffic goes. The name must be the service&apos;s name.</source>
        <translation>Endpoints of a service without a selector: the endpoints controller leaves them alone, so the addresses here are where the service&apos;s traffic goes. The name must be the service&apos;s name.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Addresses</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Subset</source>
        <extracomment>Column of the Endpoints editor: the index of the subset an address belongs to</extracomment>
        <translation>Subset</translation>
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
        <translation>Hostname</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <source>App protocol</source>
        <translation>App protocol</translation>
    </message>
    <message>
        <source>the service&apos;s name</source>
        <translation>the service&apos;s name</translation>
    </message>
</context>
<context>
    <name>studio::views::MainWindow</name>
    <message>
        <source>About Service Studio</source>
        <translation>About Service Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Service Studio %1&lt;/h3&gt;&lt;p&gt;Author, validate, visualize and run Kubernetes Services.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Service Studio %1&lt;/h3&gt;&lt;p&gt;Author, validate, visualize and run Kubernetes Services.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Open &amp;Recent</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <extracomment>Menu that switches the user interface language</extracomment>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;New Manifest</source>
        <translation>&amp;New Manifest</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>&amp;Open...</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>Save &amp;As...</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>&amp;About Service Studio</source>
        <translation>&amp;About Service Studio</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Untitled</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>Open Manifests</source>
        <translation>Open Manifests</translation>
    </message>
    <message>
        <source>Kubernetes manifests (*.yaml *.yml *.json);;All files (*)</source>
        <translation>Kubernetes manifests (*.yaml *.yml *.json);;All files (*)</translation>
    </message>
    <message>
        <source>Save Manifest</source>
        <translation>Save Manifest</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml);;All files (*)</source>
        <translation>YAML files (*.yaml *.yml);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>Cannot save %1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>Unsaved Changes</translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>%1 has unsaved changes. Save them?</translation>
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
        <translation>Valid</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>&quot;3 errors, 1 warning&quot;: joins the two counts</extracomment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Services — %1</source>
        <translation>Services — %1</translation>
    </message>
    <message>
        <source>no cluster</source>
        <extracomment>The dock listing the services of the connected cluster; %1 is its name (&quot;Sandbox&quot;)</extracomment>
        <translation>no cluster</translation>
    </message>
    <message>
        <source>Filter services</source>
        <translation>Filter services</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <extracomment>The built-in, in-process cluster the app opens on</extracomment>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation>&amp;Services</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>New from &amp;Example</source>
        <translation>New from &amp;Example</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>New &amp;Service...</source>
        <translation>New &amp;Service...</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Apply</translation>
    </message>
    <message>
        <source>Apply the current object to the cluster: server dry run, diff, then create or replace (Ctrl+Return)</source>
        <translation>Apply the current object to the cluster: server dry run, diff, then create or replace (Ctrl+Return)</translation>
    </message>
    <message>
        <source>&amp;Reload kubeconfig</source>
        <translation>&amp;Reload kubeconfig</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) with unsaved edits from a session that ended unexpectedly can be recovered.</source>
        <translation>
            <numerusform>%n document with unsaved edits from a session that ended unexpectedly can be recovered.</numerusform>
            <numerusform>%n documents with unsaved edits from a session that ended unexpectedly can be recovered.</numerusform>
        </translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>Recover</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>Recovered</translation>
    </message>
    <message>
        <source>Recovered from the autosave of %1</source>
        <translation>Recovered from the autosave of %1</translation>
    </message>
    <message numerus="yes">
        <source>Recovered %n document(s).</source>
        <translation>
            <numerusform>Recovered %n document.</numerusform>
            <numerusform>Recovered %n documents.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected to %1 again.</source>
        <translation>Connected to %1 again.</translation>
    </message>
    <message>
        <source>Lost the connection to %1: %2</source>
        <translation>Lost the connection to %1: %2</translation>
    </message>
</context>
<context>
    <name>studio::views::ManifestEditor</name>
    <message>
        <source>No problems found.</source>
        <translation>No problems found.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>&quot;3 errors, 1 warning&quot;: joins the two counts</extracomment>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>studio::views::NewServiceDialog</name>
    <message>
        <source>&quot;%1&quot; is not PORT or PORT:TARGET_PORT (1-65535).</source>
        <translation>&quot;%1&quot; is not PORT or PORT:TARGET_PORT (1-65535).</translation>
    </message>
    <message>
        <source>New Service</source>
        <translation>New Service</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>TCP ports</source>
        <extracomment>kubectl create service&apos;s --tcp option: port pairs</extracomment>
        <translation>TCP ports</translation>
    </message>
    <message>
        <source>Node port</source>
        <translation>Node port</translation>
    </message>
    <message>
        <source>External name</source>
        <translation>External name</translation>
    </message>
    <message>
        <source>Headless (clusterIP: None)</source>
        <translation>Headless (clusterIP: None)</translation>
    </message>
    <message>
        <source>e.g. my-service</source>
        <translation>e.g. my-service</translation>
    </message>
    <message>
        <source>the cluster&apos;s default namespace</source>
        <translation>the cluster&apos;s default namespace</translation>
    </message>
    <message>
        <source>PORT[:TARGET_PORT], comma-separated, e.g. 80:9376,443:9377</source>
        <translation>PORT[:TARGET_PORT], comma-separated, e.g. 80:9376,443:9377</translation>
    </message>
    <message>
        <source>e.g. my.database.example.com</source>
        <translation>e.g. my.database.example.com</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>allocated</translation>
    </message>
    <message>
        <source>A name is required.</source>
        <translation>A name is required.</translation>
    </message>
    <message>
        <source>The name must be a DNS-1035 label (lower-case letters, digits and &apos;-&apos;, starting with a letter).</source>
        <translation>The name must be a DNS-1035 label (lower-case letters, digits and &apos;-&apos;, starting with a letter).</translation>
    </message>
    <message>
        <source>An external name is required.</source>
        <translation>An external name is required.</translation>
    </message>
    <message>
        <source>At least one TCP port is required.</source>
        <translation>At least one TCP port is required.</translation>
    </message>
    <message>
        <source>Create Manifest</source>
        <translation>Create Manifest</translation>
    </message>
</context>
<context>
    <name>studio::views::NodePrompts</name>
    <message>
        <source>Unknown host key</source>
        <translation>Unknown host key</translation>
    </message>
    <message>
        <source>The authenticity of host %1 cannot be established.

Its %2 key fingerprint is
%3

Compare it with the fingerprint the node&apos;s administrator gives you (ssh-keygen -l -f /etc/ssh/ssh_host_*_key.pub on the node).</source>
        <extracomment>%1: host name or address, %2: key type (ssh-ed25519), %3: SHA256:... fingerprint</extracomment>
        <translation>The authenticity of host %1 cannot be established.

Its %2 key fingerprint is
%3

Compare it with the fingerprint the node&apos;s administrator gives you (ssh-keygen -l -f /etc/ssh/ssh_host_*_key.pub on the node).</translation>
    </message>
    <message>
        <source>Trust this key and record it in %1?</source>
        <extracomment>%1: the known_hosts file</extracomment>
        <translation>Trust this key and record it in %1?</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>Trust</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>Key passphrase</source>
        <translation>Key passphrase</translation>
    </message>
    <message>
        <source>SSH password</source>
        <translation>SSH password</translation>
    </message>
    <message>
        <source>sudo password</source>
        <translation>sudo password</translation>
    </message>
</context>
<context>
    <name>studio::views::NodeTableModel</name>
    <message>
        <source>error: %1</source>
        <extracomment>%1: an error code such as ssh-host-key-changed</extracomment>
        <translation>error: %1</translation>
    </message>
    <message>
        <source>working: %1</source>
        <translation>working: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>not installed</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>healthy</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>unhealthy</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>Node</source>
        <extracomment>column: the Kubernetes Node name</extracomment>
        <translation>Node</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Agent version</source>
        <extracomment>column: the version of service-agent on the node</extracomment>
        <translation>Agent version</translation>
    </message>
    <message>
        <source>Proxy mode</source>
        <translation>Proxy mode</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
</context>
<context>
    <name>studio::views::NodesPanel</name>
    <message>
        <source>Nodes</source>
        <extracomment>dock title: the cluster nodes the agent runs on</extracomment>
        <translation>Nodes</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Add a node reached over SSH</source>
        <translation>Add a node reached over SSH</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Import the cluster&apos;s nodes (their InternalIP)</source>
        <translation>Import the cluster&apos;s nodes (their InternalIP)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Remove the selected nodes from this list (nothing changes on them)</source>
        <translation>Remove the selected nodes from this list (nothing changes on them)</translation>
    </message>
    <message>
        <source>Deploy / Upgrade</source>
        <extracomment>deploys service-agent, or upgrades it in place</extracomment>
        <translation>Deploy / Upgrade</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Restart</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Uninstall</source>
        <translation>Uninstall</translation>
    </message>
    <message>
        <source>Stop the agent, remove its rules (service-agent --cleanup) and its files</source>
        <translation>Stop the agent, remove its rules (service-agent --cleanup) and its files</translation>
    </message>
    <message>
        <source>Agent bundle:</source>
        <translation>Agent bundle:</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>Key file:</translation>
    </message>
    <message>
        <source>empty: IdentityFile from ~/.ssh/config, then ~/.ssh/id_*</source>
        <translation>empty: IdentityFile from ~/.ssh/config, then ~/.ssh/id_*</translation>
    </message>
    <message>
        <source>Use ssh-agent</source>
        <translation>Use ssh-agent</translation>
    </message>
    <message>
        <source>Apiserver for agents:</source>
        <extracomment>the apiserver URL the agents on the nodes use</extracomment>
        <translation>Apiserver for agents:</translation>
    </message>
    <message>
        <source>empty: the address this app uses</source>
        <translation>empty: the address this app uses</translation>
    </message>
    <message>
        <source>%1 is in the list already.</source>
        <extracomment>%1: user@host:port</extracomment>
        <translation>%1 is in the list already.</translation>
    </message>
    <message>
        <source>Not connected to a cluster.</source>
        <translation>Not connected to a cluster.</translation>
    </message>
    <message>
        <source>Reading the cluster&apos;s nodes…</source>
        <translation>Reading the cluster&apos;s nodes…</translation>
    </message>
    <message>
        <source>Cannot read the nodes: %1</source>
        <extracomment>%1: the apiserver&apos;s error</extracomment>
        <translation>Cannot read the nodes: %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n node(s).</source>
        <translation>
            <numerusform>Imported %n node.</numerusform>
            <numerusform>Imported %n nodes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) without an InternalIP were skipped.</source>
        <translation>
            <numerusform>%n node without an InternalIP was skipped.</numerusform>
            <numerusform>%n nodes without an InternalIP were skipped.</numerusform>
        </translation>
    </message>
    <message>
        <source>Another operation is running.</source>
        <translation>Another operation is running.</translation>
    </message>
    <message>
        <source>Select one or more nodes first.</source>
        <translation>Select one or more nodes first.</translation>
    </message>
    <message>
        <source>Choose the agent bundle first (a directory with SHA256SUMS).</source>
        <translation>Choose the agent bundle first (a directory with SHA256SUMS).</translation>
    </message>
    <message>
        <source>Creating the agent&apos;s identity in the cluster…</source>
        <translation>Creating the agent&apos;s identity in the cluster…</translation>
    </message>
    <message>
        <source>Cannot create the agent&apos;s identity: %1</source>
        <extracomment>%1: the apiserver&apos;s error</extracomment>
        <translation>Cannot create the agent&apos;s identity: %1</translation>
    </message>
    <message numerus="yes">
        <source>Working on %n node(s)…</source>
        <extracomment>%n: number of nodes</extracomment>
        <translation>
            <numerusform>Working on %n node…</numerusform>
            <numerusform>Working on %n nodes…</numerusform>
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
        <translation>The agent bundle cannot be used: %1</translation>
    </message>
    <message numerus="yes">
        <source>Done on %n node(s).</source>
        <translation>
            <numerusform>Done on %n node.</numerusform>
            <numerusform>Done on %n nodes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed on %n node(s); hover over a row for the reason.</source>
        <extracomment>%n: nodes that failed; the details are in the rows&apos; tool tips</extracomment>
        <translation>
            <numerusform>Failed on %n node; hover over its row for the reason.</numerusform>
            <numerusform>Failed on %n nodes; hover over a row for the reason.</numerusform>
        </translation>
    </message>
    <message>
        <source>Agent logs</source>
        <translation>Agent logs</translation>
    </message>
</context>
<context>
    <name>studio::views::NotificationArea</name>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>studio::views::ProblemListModel</name>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Invalid value</source>
        <translation>Invalid value</translation>
    </message>
    <message>
        <source>Required value</source>
        <translation>Required value</translation>
    </message>
    <message>
        <source>Unsupported value</source>
        <translation>Unsupported value</translation>
    </message>
    <message>
        <source>Duplicate value</source>
        <translation>Duplicate value</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Forbidden</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>Too long</translation>
    </message>
    <message>
        <source>Wrong type</source>
        <translation>Wrong type</translation>
    </message>
    <message>
        <source>YAML error</source>
        <translation>YAML error</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>line %1, column %2</source>
        <translation>line %1, column %2</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Object</translation>
    </message>
    <message>
        <source>Field</source>
        <extracomment>A Kubernetes field path such as spec.ports[0].name</extracomment>
        <translation>Field</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>studio::views::RulesTreeModel</name>
    <message>
        <source>Chain / rule</source>
        <translation>Chain / rule</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>table %1</source>
        <translation>table %1</translation>
    </message>
    <message numerus="yes">
        <source>%n chain(s)</source>
        <translation>
            <numerusform>%n chain</numerusform>
            <numerusform>%n chains</numerusform>
        </translation>
    </message>
    <message>
        <source>built-in chain</source>
        <translation>built-in chain</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s)</source>
        <translation>
            <numerusform>%n rule</numerusform>
            <numerusform>%n rules</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>studio::views::RulesView</name>
    <message numerus="yes">
        <source>%n rule(s) planned for this node</source>
        <translation>
            <numerusform>%n rule planned for this node</numerusform>
            <numerusform>%n rules planned for this node</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n highlighted for %1</source>
        <translation>
            <numerusform>%n highlighted for %1</numerusform>
            <numerusform>%n highlighted for %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The applied rules could not be read: %1</source>
        <translation>The applied rules could not be read: %1</translation>
    </message>
    <message>
        <source>The node holds exactly the planned rules.</source>
        <translation>The node holds exactly the planned rules.</translation>
    </message>
    <message>
        <source>Chains planned but missing on the node:</source>
        <translation>Chains planned but missing on the node:</translation>
    </message>
    <message>
        <source>Rules planned but missing on the node:</source>
        <translation>Rules planned but missing on the node:</translation>
    </message>
    <message>
        <source>Hooks missing from the built-in chains:</source>
        <translation>Hooks missing from the built-in chains:</translation>
    </message>
    <message>
        <source>Chains on the node that the plan does not have:</source>
        <translation>Chains on the node that the plan does not have:</translation>
    </message>
    <message>
        <source>Rules on the node that the plan does not have:</source>
        <translation>Rules on the node that the plan does not have:</translation>
    </message>
    <message>
        <source>Rules of %1</source>
        <translation>Rules of %1</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>Node:</translation>
    </message>
    <message>
        <source>Show Service Rules</source>
        <translation>Show Service Rules</translation>
    </message>
    <message>
        <source>Expand the chains holding the selected service&apos;s rules</source>
        <translation>Expand the chains holding the selected service&apos;s rules</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
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
        <translation>Applied on the node</translation>
    </message>
    <message>
        <source>Paste the output of iptables-save from the node (or what service-agent reports) to compare it with the plan.</source>
        <translation>Paste the output of iptables-save from the node (or what service-agent reports) to compare it with the plan.</translation>
    </message>
    <message>
        <source>Compare with Plan</source>
        <translation>Compare with Plan</translation>
    </message>
    <message>
        <source>persistent %1 s</source>
        <translation>persistent %1 s</translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation>weight %1</translation>
    </message>
    <message>
        <source>(no endpoints)</source>
        <translation>(no endpoints)</translation>
    </message>
    <message>
        <source>Virtual server / real server</source>
        <translation>Virtual server / real server</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>Scheduler</translation>
    </message>
    <message>
        <source>Address kind</source>
        <translation>Address kind</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Service port</source>
        <translation>Service port</translation>
    </message>
    <message>
        <source>Virtual IP</source>
        <translation>Virtual IP</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Proxy port</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpoints</translation>
    </message>
</context>
<context>
    <name>studio::views::ServiceEditor</name>
    <message>
        <source>Checking %1 with a server dry run…</source>
        <translation>Checking %1 with a server dry run…</translation>
    </message>
    <message>
        <source>Reading the live %1…</source>
        <translation>Reading the live %1…</translation>
    </message>
    <message>
        <source>Applying %1…</source>
        <translation>Applying %1…</translation>
    </message>
    <message>
        <source>Reloading %1 from the cluster…</source>
        <translation>Reloading %1 from the cluster…</translation>
    </message>
    <message>
        <source>Created %1 (resourceVersion %2).</source>
        <translation>Created %1 (resourceVersion %2).</translation>
    </message>
    <message>
        <source>Replaced %1 (resourceVersion %2).</source>
        <translation>Replaced %1 (resourceVersion %2).</translation>
    </message>
    <message>
        <source>Object:</source>
        <extracomment>Chooser of the object (document) of a multi-document file shown in the form</extracomment>
        <translation>Object:</translation>
    </message>
    <message>
        <source>There is no form for this object; edit it as YAML.</source>
        <translation>There is no form for this object; edit it as YAML.</translation>
    </message>
    <message>
        <source>The YAML cannot be read (line %1, column %2): %3. The form shows the last readable state until it is fixed.</source>
        <translation>The YAML cannot be read (line %1, column %2): %3. The form shows the last readable state until it is fixed.</translation>
    </message>
    <message>
        <source>Fix this in the YAML first, the form cannot show it: %1</source>
        <translation>Fix this in the YAML first, the form cannot show it: %1</translation>
    </message>
    <message>
        <source>This object is an item of a List; edit it as YAML.</source>
        <translation>This object is an item of a List; edit it as YAML.</translation>
    </message>
    <message>
        <source>The document is empty. Use File → New Service… or type YAML.</source>
        <translation>The document is empty. Use File → New Service… or type YAML.</translation>
    </message>
    <message>
        <source>%1 (server)</source>
        <extracomment>Object label of a problem the server (a 422 answer) reported, e.g. &quot;Service/web (server)&quot;</extracomment>
        <translation>%1 (server)</translation>
    </message>
    <message>
        <source>(server)</source>
        <translation>(server)</translation>
    </message>
    <message>
        <source>No cluster is connected: choose one in the cluster switcher.</source>
        <translation>No cluster is connected: choose one in the cluster switcher.</translation>
    </message>
    <message>
        <source>The YAML cannot be read, so there is nothing to apply: %1</source>
        <translation>The YAML cannot be read, so there is nothing to apply: %1</translation>
    </message>
    <message>
        <source>Nothing to apply: the document holds no object of a kind Service Studio knows.</source>
        <translation>Nothing to apply: the document holds no object of a kind Service Studio knows.</translation>
    </message>
    <message>
        <source>Fix the YAML first: %1</source>
        <translation>Fix the YAML first: %1</translation>
    </message>
    <message>
        <source>Apply cancelled; nothing was changed.</source>
        <translation>Apply cancelled; nothing was changed.</translation>
    </message>
    <message numerus="yes">
        <source>The server refused %1: %n problem(s), marked in the form and the YAML.</source>
        <translation>
            <numerusform>The server refused %1: %n problem, marked in the form and the YAML.</numerusform>
            <numerusform>The server refused %1: %n problems, marked in the form and the YAML.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was changed in the cluster after it was read: %2</source>
        <translation>%1 was changed in the cluster after it was read: %2</translation>
    </message>
    <message>
        <source>Reload and Reapply</source>
        <translation>Reload and Reapply</translation>
    </message>
    <message>
        <source>Applying %1 failed: %2</source>
        <translation>Applying %1 failed: %2</translation>
    </message>
</context>
<context>
    <name>studio::views::ServiceForm</name>
    <message>
        <source>Metadata</source>
        <translation>Metadata</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Traffic</source>
        <extracomment>Group of the fields that shape traffic: session affinity, traffic policy, load balancer</extracomment>
        <translation>Traffic</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotations</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Cluster IP</source>
        <translation>Cluster IP</translation>
    </message>
    <message>
        <source>External name</source>
        <translation>External name</translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>Selector</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>External IPs</source>
        <translation>External IPs</translation>
    </message>
    <message>
        <source>Not-ready addresses</source>
        <translation>Not-ready addresses</translation>
    </message>
    <message>
        <source>Session affinity</source>
        <translation>Session affinity</translation>
    </message>
    <message>
        <source>Affinity timeout</source>
        <translation>Affinity timeout</translation>
    </message>
    <message>
        <source>External traffic policy</source>
        <translation>External traffic policy</translation>
    </message>
    <message>
        <source>Health-check node port</source>
        <translation>Health-check node port</translation>
    </message>
    <message>
        <source>Load balancer IP</source>
        <translation>Load balancer IP</translation>
    </message>
    <message>
        <source>Source ranges</source>
        <translation>Source ranges</translation>
    </message>
    <message>
        <source>required, e.g. my-service</source>
        <translation>required, e.g. my-service</translation>
    </message>
    <message>
        <source>the cluster&apos;s default namespace</source>
        <translation>the cluster&apos;s default namespace</translation>
    </message>
    <message>
        <source>allocated; None for a headless service</source>
        <extracomment>Placeholder of spec.clusterIP; &quot;None&quot; is the literal value for a headless service</extracomment>
        <translation>allocated; None for a headless service</translation>
    </message>
    <message>
        <source>a DNS name, e.g. my.database.example.com</source>
        <translation>a DNS name, e.g. my.database.example.com</translation>
    </message>
    <message>
        <source>chosen by the cloud provider</source>
        <translation>chosen by the cloud provider</translation>
    </message>
    <message>
        <source>No selector (Endpoints are written by hand)</source>
        <translation>No selector (Endpoints are written by hand)</translation>
    </message>
    <message>
        <source>Publish addresses of pods that are not ready</source>
        <extracomment>spec.publishNotReadyAddresses</extracomment>
        <translation>Publish addresses of pods that are not ready</translation>
    </message>
    <message>
        <source>default (10800 s)</source>
        <translation>default (10800 s)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>allocated</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>CIDR</source>
        <translation>CIDR</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Target port</source>
        <translation>Target port</translation>
    </message>
    <message>
        <source>Node port</source>
        <translation>Node port</translation>
    </message>
    <message>
        <source>App protocol</source>
        <translation>App protocol</translation>
    </message>
    <message>
        <source>Add a cloud load-balancer annotation</source>
        <translation>Add a cloud load-balancer annotation</translation>
    </message>
    <message>
        <source>Allowed: %1</source>
        <translation>Allowed: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warning: %1</translation>
    </message>
</context>
<context>
    <name>studio::views::ServiceListModel</name>
    <message>
        <source>&lt;pending&gt;</source>
        <extracomment>kubectl prints &lt;none&gt; or &lt;pending&gt;; shown when a service has no external IP</extracomment>
        <translation>&lt;pending&gt;</translation>
    </message>
    <message>
        <source>&lt;none&gt;</source>
        <translation>&lt;none&gt;</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <extracomment>ready endpoints / all endpoints of a service, e.g. &quot;2/3&quot;</extracomment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1s</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1m</translation>
    </message>
    <message>
        <source>%1h</source>
        <translation>%1h</translation>
    </message>
    <message>
        <source>%1d</source>
        <translation>%1d</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Cluster IP</source>
        <translation>Cluster IP</translation>
    </message>
    <message>
        <source>External IP</source>
        <translation>External IP</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpoints</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
</context>
<context>
    <name>studio::views::TableEditor</name>
    <message>
        <source>Add a row</source>
        <translation>Add a row</translation>
    </message>
    <message>
        <source>Remove the selected row</source>
        <translation>Remove the selected row</translation>
    </message>
</context>
<context>
    <name>studio::views::TopologyScene</name>
    <message>
        <source>Topology</source>
        <translation>Topology</translation>
    </message>
    <message>
        <source>Select a service to see its selector, pods, endpoints and nodes.</source>
        <translation>Select a service to see its selector, pods, endpoints and nodes.</translation>
    </message>
    <message>
        <source>The service %1 does not exist (any more).</source>
        <translation>The service %1 does not exist (any more).</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Type: %1</translation>
    </message>
    <message>
        <source>External name: %1</source>
        <translation>External name: %1</translation>
    </message>
    <message>
        <source>Headless: no cluster IP, DNS returns the endpoints</source>
        <translation>Headless: no cluster IP, DNS returns the endpoints</translation>
    </message>
    <message>
        <source>Cluster IP: %1</source>
        <translation>Cluster IP: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>External IP: %1</source>
        <translation>External IP: %1</translation>
    </message>
    <message>
        <source>Load balancer: %1</source>
        <translation>Load balancer: %1</translation>
    </message>
    <message>
        <source>External traffic policy: Local</source>
        <translation>External traffic policy: Local</translation>
    </message>
    <message>
        <source>Session affinity: ClientIP</source>
        <translation>Session affinity: ClientIP</translation>
    </message>
    <message>
        <source>Port %1/%2 → target %3</source>
        <translation>Port %1/%2 → target %3</translation>
    </message>
    <message>
        <source>Port %1 %2/%3 → target %4</source>
        <translation>Port %1 %2/%3 → target %4</translation>
    </message>
    <message>
        <source>node port %1</source>
        <translation>node port %1</translation>
    </message>
    <message>
        <source>Service %1</source>
        <translation>Service %1</translation>
    </message>
    <message>
        <source>pod %1</source>
        <translation>pod %1</translation>
    </message>
    <message>
        <source>outside the cluster</source>
        <translation>outside the cluster</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>on %1</translation>
    </message>
    <message>
        <source>● ready %1 → %2 · %3</source>
        <translation>● ready %1 → %2 · %3</translation>
    </message>
    <message>
        <source>○ not ready %1 → %2 · %3</source>
        <translation>○ not ready %1 → %2 · %3</translation>
    </message>
    <message>
        <source>(no ports)</source>
        <translation>(no ports)</translation>
    </message>
    <message>
        <source>None: an ExternalName service is a DNS alias</source>
        <translation>None: an ExternalName service is a DNS alias</translation>
    </message>
    <message>
        <source>No Endpoints object</source>
        <translation>No Endpoints object</translation>
    </message>
    <message>
        <source>%1 ready, %2 not ready</source>
        <translation>%1 ready, %2 not ready</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>no IP (%1)</source>
        <translation>no IP (%1)</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>endpoint → %1</source>
        <translation>endpoint → %1</translation>
    </message>
    <message>
        <source>not ready → %1</source>
        <translation>not ready → %1</translation>
    </message>
    <message>
        <source>selected, no IP yet</source>
        <translation>selected, no IP yet</translation>
    </message>
    <message>
        <source>selected, not an endpoint</source>
        <translation>selected, not an endpoint</translation>
    </message>
    <message>
        <source>not selected: no selector</source>
        <translation>not selected: no selector</translation>
    </message>
    <message>
        <source>%1=%2, wants %3</source>
        <translation>%1=%2, wants %3</translation>
    </message>
    <message>
        <source>no label %1 (wants %2)</source>
        <translation>no label %1 (wants %2)</translation>
    </message>
    <message>
        <source>Pod %1
Labels: %2
%3</source>
        <translation>Pod %1
Labels: %2
%3</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>Not scheduled</translation>
    </message>
    <message>
        <source>No selector: an ExternalName service selects no pods</source>
        <translation>No selector: an ExternalName service selects no pods</translation>
    </message>
    <message>
        <source>No selector: the Endpoints are written by hand</source>
        <translation>No selector: the Endpoints are written by hand</translation>
    </message>
    <message>
        <source>Empty selector: stored as no selector</source>
        <translation>Empty selector: stored as no selector</translation>
    </message>
    <message numerus="yes">
        <source>Matches %1 of %n pod(s) in %2</source>
        <translation>
            <numerusform>Matches %1 of %n pod in %2</numerusform>
            <numerusform>Matches %1 of %n pods in %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>Selector</translation>
    </message>
    <message>
        <source>Endpoints %1</source>
        <translation>Endpoints %1</translation>
    </message>
    <message>
        <source>controller</source>
        <translation>controller</translation>
    </message>
    <message numerus="yes">
        <source>%n pod(s)</source>
        <translation>
            <numerusform>%n pod</numerusform>
            <numerusform>%n pods</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n selected</numerusform>
            <numerusform>%n selected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>studio::views::TopologyView</name>
    <message>
        <source>Topology of %1</source>
        <translation>Topology of %1</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Zoom In</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Zoom Out</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Save the topology as a PNG image or an SVG drawing</source>
        <translation>Save the topology as a PNG image or an SVG drawing</translation>
    </message>
    <message>
        <source>ready endpoint</source>
        <translation>ready endpoint</translation>
    </message>
    <message>
        <source>not ready</source>
        <translation>not ready</translation>
    </message>
    <message>
        <source>selected, no endpoint</source>
        <translation>selected, no endpoint</translation>
    </message>
    <message>
        <source>not selected</source>
        <translation>not selected</translation>
    </message>
</context>
<context>
    <name>studio::views::TrafficPathView</name>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Node rules</source>
        <translation>Node rules</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Translation</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Failure</translation>
    </message>
    <message>
        <source>The service %1 has no selector, and no Endpoints of it list a ready address: nothing tells the proxy where to send traffic.</source>
        <translation>The service %1 has no selector, and no Endpoints of it list a ready address: nothing tells the proxy where to send traffic.</translation>
    </message>
    <message>
        <source>The service %1 has no ready endpoint, so nothing answers: the connection is refused.</source>
        <translation>The service %1 has no ready endpoint, so nothing answers: the connection is refused.</translation>
    </message>
    <message>
        <source>The selector of %1 (%2) matches no pod in namespace %3.</source>
        <translation>The selector of %1 (%2) matches no pod in namespace %3.</translation>
    </message>
    <message>
        <source>The closest pod, %1, has no label %2 (the selector wants &quot;%3&quot;).</source>
        <translation>The closest pod, %1, has no label %2 (the selector wants &quot;%3&quot;).</translation>
    </message>
    <message>
        <source>The closest pod, %1, has %2=&quot;%3&quot;, but the selector wants &quot;%4&quot;.</source>
        <translation>The closest pod, %1, has %2=&quot;%3&quot;, but the selector wants &quot;%4&quot;.</translation>
    </message>
    <message>
        <source>Pod %1 has no container port named &quot;%2&quot;, so it is not an endpoint of this port.</source>
        <translation>Pod %1 has no container port named &quot;%2&quot;, so it is not an endpoint of this port.</translation>
    </message>
    <message>
        <source>Pod %1 has no IP address yet, so it cannot be an endpoint.</source>
        <translation>Pod %1 has no IP address yet, so it cannot be an endpoint.</translation>
    </message>
    <message>
        <source>Pod %1 is not ready: it is listed under notReadyAddresses and gets no traffic.</source>
        <translation>Pod %1 is not ready: it is listed under notReadyAddresses and gets no traffic.</translation>
    </message>
    <message>
        <source>The client address %1 is outside the service&apos;s loadBalancerSourceRanges (%2): the packet is dropped.</source>
        <translation>The client address %1 is outside the service&apos;s loadBalancerSourceRanges (%2): the packet is dropped.</translation>
    </message>
    <message>
        <source>externalTrafficPolicy of %1 is Local and node %2 runs no ready endpoint of it: the packet is dropped.</source>
        <translation>externalTrafficPolicy of %1 is Local and node %2 runs no ready endpoint of it: the packet is dropped.</translation>
    </message>
    <message>
        <source>%1 is an ExternalName service: DNS answers with a CNAME to %2 and no proxy is involved; the client connects to that host itself.</source>
        <translation>%1 is an ExternalName service: DNS answers with a CNAME to %2 and no proxy is involved; the client connects to that host itself.</translation>
    </message>
    <message>
        <source>%1 is headless: DNS returns the pods&apos; addresses and the client connects to one of them directly, without a virtual IP.</source>
        <translation>%1 is headless: DNS returns the pods&apos; addresses and the client connects to one of them directly, without a virtual IP.</translation>
    </message>
    <message>
        <source>a loopback address</source>
        <translation>a loopback address</translation>
    </message>
    <message>
        <source>a link-local address</source>
        <translation>a link-local address</translation>
    </message>
    <message>
        <source>a link-local multicast address</source>
        <translation>a link-local multicast address</translation>
    </message>
    <message>
        <source>a cluster IP</source>
        <translation>a cluster IP</translation>
    </message>
    <message>
        <source>The endpoint address %1 is %2, which the apiserver forbids in Endpoints.</source>
        <translation>The endpoint address %1 is %2, which the apiserver forbids in Endpoints.</translation>
    </message>
    <message>
        <source>No DNS record answers &quot;%1&quot;.</source>
        <translation>No DNS record answers &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Nothing in the cluster answers at %1: it is no cluster IP, external IP, load-balancer IP, node port or pod address, or no rule translates it.</source>
        <translation>Nothing in the cluster answers at %1: it is no cluster IP, external IP, load-balancer IP, node port or pod address, or no rule translates it.</translation>
    </message>
    <message>
        <source>The service %1 has no port %2 (it has: %3).</source>
        <translation>The service %1 has no port %2 (it has: %3).</translation>
    </message>
    <message>
        <source>The service %1 has several ports (%2): say which one.</source>
        <translation>The service %1 has several ports (%2): say which one.</translation>
    </message>
    <message>
        <source>No service uses node port %1.</source>
        <translation>No service uses node port %1.</translation>
    </message>
    <message>
        <source>Tracing in %1 mode is not available yet.</source>
        <translation>Tracing in %1 mode is not available yet.</translation>
    </message>
    <message>
        <source>The source is masqueraded: the pod sees the address of node %2, not the client&apos;s %1.</source>
        <translation>The source is masqueraded: the pod sees the address of node %2, not the client&apos;s %1.</translation>
    </message>
    <message>
        <source>The source is not masqueraded: the pod sees the client&apos;s own address %1.</source>
        <translation>The source is not masqueraded: the pod sees the client&apos;s own address %1.</translation>
    </message>
    <message>
        <source>The destination is the address of pod %1: no service and no proxy are involved.</source>
        <translation>The destination is the address of pod %1: no service and no proxy are involved.</translation>
    </message>
    <message>
        <source>outside the cluster</source>
        <translation>outside the cluster</translation>
    </message>
    <message>
        <source>pod %1 on %2</source>
        <translation>pod %1 on %2</translation>
    </message>
    <message>
        <source>sees %1 (masqueraded)</source>
        <translation>sees %1 (masqueraded)</translation>
    </message>
    <message>
        <source>sees the client %1</source>
        <translation>sees the client %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a client and a destination, then Trace.</source>
        <translation>Choose a client and a destination, then Trace.</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>(automatic)</translation>
    </message>
    <message>
        <source>No cluster.</source>
        <translation>No cluster.</translation>
    </message>
    <message>
        <source>Choose a client and a destination.</source>
        <translation>Choose a client and a destination.</translation>
    </message>
    <message>
        <source>Cannot trace this request: %1</source>
        <translation>Cannot trace this request: %1</translation>
    </message>
    <message>
        <source>(not a pod)</source>
        <translation>(not a pod)</translation>
    </message>
    <message>
        <source>masqueraded: sees %1</source>
        <translation>masqueraded: sees %1</translation>
    </message>
    <message numerus="yes">
        <source>Reaches %n endpoint(s)</source>
        <translation>
            <numerusform>Reaches %n endpoint</numerusform>
            <numerusform>Reaches %n endpoints</numerusform>
        </translation>
    </message>
    <message>
        <source>destination %1</source>
        <translation>destination %1</translation>
    </message>
    <message>
        <source>rules of %1</source>
        <translation>rules of %1</translation>
    </message>
    <message>
        <source>Does not reach an endpoint</source>
        <translation>Does not reach an endpoint</translation>
    </message>
    <message>
        <source>Traffic path</source>
        <translation>Traffic path</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>Mode:</translation>
    </message>
    <message>
        <source>Enters at:</source>
        <translation>Enters at:</translation>
    </message>
    <message>
        <source>The node an outside client&apos;s packet reaches first</source>
        <translation>The node an outside client&apos;s packet reaches first</translation>
    </message>
    <message>
        <source>pod/NAME.NAMESPACE, node/NAME, or an address outside the cluster</source>
        <translation>pod/NAME.NAMESPACE, node/NAME, or an address outside the cluster</translation>
    </message>
    <message>
        <source>A DNS name (NAME.NAMESPACE:PORT), ClusterIP:port, NodeIP:NodePort, an external or load-balancer IP</source>
        <translation>A DNS name (NAME.NAMESPACE:PORT), ClusterIP:port, NodeIP:NodePort, an external or load-balancer IP</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Animate the packet along the path</source>
        <translation>Animate the packet along the path</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Hops</source>
        <translation>Hops</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpoints</translation>
    </message>
    <message>
        <source>Explanations</source>
        <translation>Explanations</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Probability</translation>
    </message>
    <message>
        <source>Source address</source>
        <translation>Source address</translation>
    </message>
    <message>
        <source>Tracing…</source>
        <translation>Tracing…</translation>
    </message>
</context>
<context>
    <name>studio::views::TrainingDocks</name>
    <message>
        <source>&amp;Training</source>
        <extracomment>the menu of training mode (lessons)</extracomment>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>&amp;Lessons</translation>
    </message>
    <message>
        <source>&amp;Presenter Mode</source>
        <translation>&amp;Presenter Mode</translation>
    </message>
    <message>
        <source>&amp;Next Step</source>
        <translation>&amp;Next Step</translation>
    </message>
    <message>
        <source>P&amp;revious Step</source>
        <translation>P&amp;revious Step</translation>
    </message>
    <message>
        <source>&amp;Reload Lesson Files</source>
        <translation>&amp;Reload Lesson Files</translation>
    </message>
</context>
<context>
    <name>studio::views::TrainingPanel</name>
    <message>
        <source>No lessons found in %1.</source>
        <extracomment>%1 is a directory</extracomment>
        <translation>No lessons found in %1.</translation>
    </message>
    <message>
        <source>Lesson not loaded: %1: %2</source>
        <extracomment>%1 is file:line:column, %2 the problem (English, from the lesson reader)</extracomment>
        <translation>Lesson not loaded: %1: %2</translation>
    </message>
    <message>
        <source>The lesson&apos;s scenario does not load: %1</source>
        <translation>The lesson&apos;s scenario does not load: %1</translation>
    </message>
    <message>
        <source>Scenario object refused: %1:%2: %3</source>
        <extracomment>%1 file, %2 line, %3 the apiserver&apos;s message</extracomment>
        <translation>Scenario object refused: %1:%2: %3</translation>
    </message>
    <message>
        <source>lesson-%1.yaml</source>
        <extracomment>the editor tab&apos;s title for a lesson&apos;s exercise; %1 is the lesson id</extracomment>
        <translation>lesson-%1.yaml</translation>
    </message>
    <message>
        <source>No lesson</source>
        <translation>No lesson</translation>
    </message>
    <message>
        <source>Task %1</source>
        <extracomment>%1 is the task&apos;s number</extracomment>
        <translation>Task %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <extracomment>%1 is the step&apos;s number, %2 how many steps the lesson has</extracomment>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <source>The manifest does not read: %1</source>
        <extracomment>%1 is the YAML reader&apos;s message</extracomment>
        <translation>The manifest does not read: %1</translation>
    </message>
    <message>
        <source>The manifest has no Service.</source>
        <translation>The manifest has no Service.</translation>
    </message>
    <message>
        <source>The manifest has no Service named %1.</source>
        <translation>The manifest has no Service named %1.</translation>
    </message>
    <message>
        <source>The cluster refused the Service: %1</source>
        <extracomment>%1 is the apiserver&apos;s message</extracomment>
        <translation>The cluster refused the Service: %1</translation>
    </message>
    <message>
        <source>spec.selector does not contain %1 (it is: %2).</source>
        <extracomment>%1 a label such as app=MyApp, %2 the selector as it is</extracomment>
        <translation>spec.selector does not contain %1 (it is: %2).</translation>
    </message>
    <message>
        <source>The Service has a selector (%1); this task needs one without.</source>
        <translation>The Service has a selector (%1); this task needs one without.</translation>
    </message>
    <message>
        <source>No port with %1 (ports: %2).</source>
        <extracomment>%1 the wanted port, e.g. &quot;port 80 targetPort 9376&quot;; %2 the Service&apos;s ports</extracomment>
        <translation>No port with %1 (ports: %2).</translation>
    </message>
    <message>
        <source>The Service has %1 ports; this task needs %2.</source>
        <translation>The Service has %1 ports; this task needs %2.</translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;; expected &quot;%3&quot;.</source>
        <extracomment>%1 a field path such as spec.type; %2 its value; %3 the wanted value</extracomment>
        <translation>%1 is &quot;%2&quot;; expected &quot;%3&quot;.</translation>
    </message>
    <message>
        <source>The Endpoints of %1 have no ready address.</source>
        <extracomment>%1 is namespace/name of a service</extracomment>
        <translation>The Endpoints of %1 have no ready address.</translation>
    </message>
    <message>
        <source>The Endpoints of %1 still have %2 addresses.</source>
        <translation>The Endpoints of %1 still have %2 addresses.</translation>
    </message>
    <message>
        <source>The Endpoints of %1 have %2 addresses; expected %3.</source>
        <translation>The Endpoints of %1 have %2 addresses; expected %3.</translation>
    </message>
    <message>
        <source>Cannot trace %1: %2</source>
        <extracomment>%1 &quot;client -&gt; destination&quot;, %2 the tracer&apos;s message</extracomment>
        <translation>Cannot trace %1: %2</translation>
    </message>
    <message>
        <source>%1 does not reach a pod: %2</source>
        <extracomment>%1 &quot;client -&gt; destination&quot;, %2 why (English, from the tracer)</extracomment>
        <translation>%1 does not reach a pod: %2</translation>
    </message>
    <message>
        <source>%1 still reaches a pod.</source>
        <translation>%1 still reaches a pod.</translation>
    </message>
    <message>
        <source>%1 reaches %2, not only %3.</source>
        <extracomment>%1 &quot;client -&gt; destination&quot;, %2 the pods reached, %3 the wanted pod</extracomment>
        <translation>%1 reaches %2, not only %3.</translation>
    </message>
    <message>
        <source>The pod sees the client as %1; expected %2.</source>
        <extracomment>%1 the address the pod sees, %2 the wanted one</extracomment>
        <translation>The pod sees the client as %1; expected %2.</translation>
    </message>
    <message>
        <source>Choose an answer.</source>
        <translation>Choose an answer.</translation>
    </message>
    <message>
        <source>That is not the right answer.</source>
        <translation>That is not the right answer.</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Not checked yet</translation>
    </message>
    <message>
        <source>Passed</source>
        <extracomment>a task&apos;s check passed (after a check mark)</extracomment>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Not yet</source>
        <extracomment>a task&apos;s check failed (after a cross mark)</extracomment>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>Hint: %1</source>
        <extracomment>%1 is the lesson&apos;s hint</extracomment>
        <translation>Hint: %1</translation>
    </message>
    <message>
        <source>%1 of %2 tasks passed</source>
        <extracomment>%1 tasks passed out of %2</extracomment>
        <translation>%1 of %2 tasks passed</translation>
    </message>
    <message>
        <source>This lesson has no tasks.</source>
        <translation>This lesson has no tasks.</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Apply the exercise to the lesson&apos;s cluster and check every task</source>
        <translation>Apply the exercise to the lesson&apos;s cluster and check every task</translation>
    </message>
    <message>
        <source>Open exercise</source>
        <extracomment>opens the lesson&apos;s exercise manifest in the editor again</extracomment>
        <translation>Open exercise</translation>
    </message>
    <message>
        <source>Presenter mode</source>
        <translation>Presenter mode</translation>
    </message>
    <message>
        <source>Large fonts, both languages side by side; PageDown/PageUp or arrows step, Esc leaves</source>
        <translation>Large fonts, both languages side by side; PageDown/PageUp or arrows step, Esc leaves</translation>
    </message>
    <message>
        <source>Show the lesson in Japanese and English side by side</source>
        <translation>Show the lesson in Japanese and English side by side</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>This step has no diagram.</source>
        <extracomment>shown where a lesson step&apos;s diagram would be, when the step has none</extracomment>
        <translation>This step has no diagram.</translation>
    </message>
</context>
<context>
    <name>studio::views::ViewExport</name>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG image (*.png);;SVG drawing (*.svg)</translation>
    </message>
</context>
<context>
    <name>studio::views::VisualizationDocks</name>
    <message>
        <source>Topology</source>
        <translation>Topology</translation>
    </message>
    <message>
        <source>Traffic Path</source>
        <translation>Traffic Path</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation>Discovery</translation>
    </message>
</context>
</TS>
