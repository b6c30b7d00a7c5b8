<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CloudAnnotation</name>
    <message>
        <source>Client address ranges allowed to reach the load balancer (older form of spec.loadBalancerSourceRanges, which wins when both are set).</source>
        <translation>Client address ranges allowed to reach the load balancer (older form of spec.loadBalancerSourceRanges, which wins when both are set).</translation>
    </message>
    <message>
        <source>Creates an internal load balancer in the VPC instead of an external one. Use "internal" (lower case) only for masters 1.7.0 to 1.7.3.</source>
        <translation>Creates an internal load balancer in the VPC instead of an external one. Use "internal" (lower case) only for masters 1.7.0 to 1.7.3.</translation>
    </message>
    <message>
        <source>Creates an internal ELB reachable only from inside the VPC. The concept page uses 0.0.0.0/0; any non-empty value turns it on.</source>
        <translation>Creates an internal ELB reachable only from inside the VPC. The concept page uses 0.0.0.0/0; any non-empty value turns it on.</translation>
    </message>
    <message>
        <source>Creates an internal Azure load balancer. Only the exact text "true" enables it.</source>
        <translation>Creates an internal Azure load balancer. Only the exact text "true" enables it.</translation>
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
        <source>Service ports (numbers or names) that use the SSL certificate; the others stay plain. "*" means all ports.</source>
        <translation>Service ports (numbers or names) that use the SSL certificate; the others stay plain. "*" means all ports.</translation>
    </message>
    <message>
        <source>A predefined AWS SSL policy for the HTTPS/SSL listeners (see aws elb describe-load-balancer-policies).</source>
        <translation>A predefined AWS SSL policy for the HTTPS/SSL listeners (see aws elb describe-load-balancer-policies).</translation>
    </message>
    <message>
        <source>Enables the PROXY protocol on all ports proxied by the ELB; "*" is the only supported value.</source>
        <translation>Enables the PROXY protocol on all ports proxied by the ELB; "*" is the only supported value.</translation>
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
        <source>"nlb" creates a Network Load Balancer instead of a Classic ELB (alpha since 1.9). An NLB passes the client IP to the node; set externalTrafficPolicy: Local to keep it up to the pod.</source>
        <translation>"nlb" creates a Network Load Balancer instead of a Classic ELB (alpha since 1.9). An NLB passes the client IP to the node; set externalTrafficPolicy: Local to keep it up to the pod.</translation>
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
        <translation><numerusform>%n error</numerusform><numerusform>%n errors</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation><numerusform>%n warning</numerusform><numerusform>%n warnings</numerusform></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>"3 errors, 1 warning": joins the two counts</extracomment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Services — %1</source>
        <translation>Services — %1</translation>
    </message>
    <message>
        <source>no cluster</source>
        <extracomment>The dock listing the services of the connected cluster; %1 is its name ("Sandbox")</extracomment>
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
</context>
<context>
    <name>studio::views::ManifestEditor</name>
    <message>
        <source>No problems found.</source>
        <translation>No problems found.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation><numerusform>%n error</numerusform><numerusform>%n errors</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation><numerusform>%n warning</numerusform><numerusform>%n warnings</numerusform></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>"3 errors, 1 warning": joins the two counts</extracomment>
        <translation>%1, %2</translation>
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
        <extracomment>ready endpoints / all endpoints of a service, e.g. "2/3"</extracomment>
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
</TS>