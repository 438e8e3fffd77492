<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../ui/slotdetail.cpp" line="54" />
        <source>4 (MQTT 3.1.1)</source>
        <translation>4（MQTT 3.1.1）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="55" />
        <source>3 (MQTT 3.1)</source>
        <translation>3（MQTT 3.1）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="58" />
        <source>PDP context %1</source>
        <translation>PDP 上下文 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="60" />
        <source>on, SSL context %1</source>
        <translation>开启，SSL 上下文 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="60" />
        <location filename="../ui/slotdetail.cpp" line="73" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="62" />
        <source>0 (never times out)</source>
        <translation>0（永不超时）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="62" />
        <location filename="../ui/slotdetail.cpp" line="85" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="64" />
        <source>1 (clean session)</source>
        <translation>1（清除会话）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="65" />
        <source>%1 (keep the session)</source>
        <translation>%1（保留会话）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="67" />
        <source>packet timeout %1 s, %2 retries, timeout notice %3</source>
        <translation>数据包超时 %1 秒，重试 %2 次，超时通知 %3</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="74" />
        <source>QoS %1, retain %2, topic "%3", message "%4"</source>
        <translation>QoS %1，保留 %2，主题 "%3"，消息 "%4"</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="81" />
        <source>1 (stored in the module's buffers)</source>
        <translation>1（存储在模块的接收缓存中）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="81" />
        <source>0 (message in the URC)</source>
        <translation>0（消息包含在 URC 中）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="82" />
        <source>%1, msg_len_enable %2</source>
        <translation>%1，msg_len_enable %2</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="88" />
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="89" />
        <source>product key %1, device name %2, device secret hidden</source>
        <translation>ProductKey %1，DeviceName %2，DeviceSecret 已隐藏</translation>
    </message>
</context>
<context>
    <name>SimProgram</name>
    <message>
        <location filename="../app/sim/main.cpp" line="105" />
        <source>qmtscope-sim: stopped
</source>
        <translation>qmtscope-sim：已停止
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="144" />
        <source>cannot create a pipe: %1</source>
        <translation>无法创建管道：%1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="164" />
        <source>cannot start the private Mosquitto broker: %1</source>
        <translation>无法启动私有 Mosquitto 服务器：%1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="168" />
        <source>the private broker exited (code %1); MQTT connections will fail until qmtscope-sim is restarted</source>
        <translation>私有服务器已退出（退出码 %1）；在重启 qmtscope-sim 之前，MQTT 连接都会失败</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="174" />
        <source>private Mosquitto broker on %1:%2 (pid %3, stopped on exit)</source>
        <translation>私有 Mosquitto 服务器位于 %1:%2（pid %3，退出时停止）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="179" />
        <source>MQTT goes to the broker at %1:%2</source>
        <translation>MQTT 连接转到服务器 %1:%2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="180" />
        <source> (TLS slots to port %1)</source>
        <translation> （TLS 客户端连接端口 %1）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="204" />
        <source>module %1 on %2%3</source>
        <translation>模块 %1 位于 %2%3</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="206" />
        <source> (link %1)</source>
        <translation> （符号链接 %1）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="207" />
        <source>fault commands on stdin%1; "help" lists them; Ctrl+C ends</source>
        <translation>故障命令从 stdin%1 读入；"help" 列出全部命令；Ctrl+C 结束</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="208" />
        <source> and on %1</source>
        <translation> 和 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="247" />
        <source>cannot create the control FIFO %1: %2</source>
        <translation>无法创建控制 FIFO %1：%2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="248" />
        <source>a file that is not a FIFO is in the way</source>
        <translation>该位置已存在一个不是 FIFO 的文件</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="258" />
        <source>cannot open the control FIFO %1: %2</source>
        <translation>无法打开控制 FIFO %1：%2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="324" />
        <source>%1: shutting down</source>
        <translation>%1：正在退出</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="341" />
        <source>%1: ok</source>
        <translation>%1: ok</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="341" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="348" />
        <source>
Fault commands, one per line on stdin or on the --control FIFO; the answer ("ok" or
what is wrong with the line) goes to stderr:
</source>
        <translation>
故障命令，每行一条，从 stdin 或 --control FIFO 读入；应答（"ok" 或
该行的错误说明）输出到 stderr：
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="351" />
        <source>  help                  this list
</source>
        <translation>  help                  显示本列表
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="356" />
        <source>
Examples:
  qmtscope-sim --link /tmp/ttyQMT
  picocom -b 115200 /tmp/ttyQMT        (type AT commands; Enter sends CR; C-a C-x quits)
  mosquitto_sub -h 127.0.0.1 -p &lt;port printed on stderr&gt; -t '#' -v
  qmtscope-sim --link /tmp/ttyQMT --control /tmp/qmt.ctl &amp;  echo 'drop 0' &gt; /tmp/qmt.ctl
</source>
        <translation>
示例：
  qmtscope-sim --link /tmp/ttyQMT
  picocom -b 115200 /tmp/ttyQMT        （输入 AT 命令；Enter 发送 CR；C-a C-x 退出）
  mosquitto_sub -h 127.0.0.1 -p &lt;stderr 上输出的端口&gt; -t '#' -v
  qmtscope-sim --link /tmp/ttyQMT --control /tmp/qmt.ctl &amp;  echo 'drop 0' &gt; /tmp/qmt.ctl
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="409" />
        <source>A simulated Quectel LTE module (EC25 by default) on a pseudo-terminal. It answers AT commands as
the module would, and behind each of its six MQTT client slots is a real MQTT client talking to a
real broker. AT+QMTOPEN to localhost or an IP address connects there; any other host name (the
cloud's) is routed to the broker given with --broker, or to a private Mosquitto broker started on
a free loopback port and stopped on exit.

The first line on stdout is the device path alone (e.g. /dev/pts/5); messages go to stderr.
SIGINT, SIGTERM and SIGHUP end it cleanly (exit status 0).</source>
        <translation>运行在伪终端上的 Quectel LTE 模拟模块（默认 EC25）。它像真实模块一样
应答 AT 命令，其六个 MQTT 客户端背后各有一个真实的 MQTT 客户端与真实的
服务器通信。AT+QMTOPEN 指向 localhost 或 IP 地址时直接连接该地址；其他主机名
（云平台的）则转到 --broker 指定的服务器，或转到在空闲回环端口上启动、
退出时停止的私有 Mosquitto 服务器。

stdout 的第一行仅为设备路径（例如 /dev/pts/5）；其他消息输出到 stderr。
SIGINT、SIGTERM 和 SIGHUP 会使其正常结束（退出码 0）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="418" />
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="420" />
        <source>Keep a symlink to the device at &lt;path&gt; (replaced if it exists, removed on exit).</source>
        <translation>在 &lt;path&gt; 处保留一个指向该设备的符号链接（已存在则替换，退出时删除）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="422" />
        <location filename="../app/sim/main.cpp" line="454" />
        <source>path</source>
        <translation>path</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="424" />
        <source>Use the MQTT broker at &lt;host:port&gt; (port 1883 if omitted) instead of a private one.</source>
        <translation>使用位于 &lt;host:port&gt; 的 MQTT 服务器（省略端口时为 1883），而不是私有服务器。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="426" />
        <source>host:port</source>
        <translation>host:port</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="428" />
        <source>Slots with SSL enabled (AT+QMTCFG="ssl") connect to this TLS port of the --broker host (default: the broker's port).</source>
        <translation>启用 SSL 的客户端（AT+QMTCFG="ssl"）连接到 --broker 主机的这个 TLS 端口（默认：服务器的端口）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="430" />
        <location filename="../app/sim/main.cpp" line="434" />
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="432" />
        <source>The private broker listens on 127.0.0.1:&lt;port&gt; instead of a free port.</source>
        <translation>私有服务器监听 127.0.0.1:&lt;port&gt;，而不是任一空闲端口。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="435" />
        <source>The model the module reports (ATI, AT+CGMM): EC25, EG25, EG91, EM05, EP200F, ... Default: EC25.</source>
        <translation>模块报告的型号（ATI、AT+CGMM）：EC25、EG25、EG91、EM05、EP200F 等。默认：EC25。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="437" />
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="439" />
        <source>The firmware revision it reports (ATI, AT+GMR). Default: EC25EFAR06A06M4G.</source>
        <translation>模块报告的固件版本（ATI、AT+GMR）。默认：EC25EFAR06A06M4G。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="441" />
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="443" />
        <source>Do not print RDY ... APP RDY at start (a module that has long been up).</source>
        <translation>启动时不输出 RDY ... APP RDY（模拟已运行很久的模块）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="446" />
        <source>Keep the files uploaded with AT+QFUPL in &lt;dir&gt; (default: a temporary directory).</source>
        <translation>将用 AT+QFUPL 上传的文件保存在 &lt;dir&gt; 中（默认：临时目录）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="448" />
        <source>dir</source>
        <translation>dir</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="450" />
        <source>Also log what the slots' MQTT clients do (debug messages) on stderr.</source>
        <translation>同时在 stderr 上输出各客户端的 MQTT 客户端的活动（调试消息）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="452" />
        <source>Also read fault commands from a FIFO created at &lt;path&gt; (removed on exit), for scripts: echo 'drop 0' &gt; &lt;path&gt;.</source>
        <translation>同时从在 &lt;path&gt; 处创建的 FIFO（退出时删除）读取故障命令，供脚本使用：echo 'drop 0' &gt; &lt;path&gt;。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="461" />
        <source>Try 'qmtscope-sim --help'.
</source>
        <translation>请尝试 'qmtscope-sim --help'。
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="473" />
        <source>unexpected argument %1</source>
        <translation>意外的参数 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="478" />
        <source>--broker wants host:port, not %1</source>
        <translation>--broker 需要 host:port，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="483" />
        <source>--tls-port needs --broker (the private broker has no TLS listener)</source>
        <translation>--tls-port 需要配合 --broker 使用（私有服务器没有 TLS 监听端口）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="486" />
        <source>--tls-port wants a port 1-65535, not %1</source>
        <translation>--tls-port 需要 1-65535 之间的端口，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="491" />
        <source>--broker-port is for the private broker; it cannot go with --broker</source>
        <translation>--broker-port 用于私有服务器，不能与 --broker 同时使用</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="494" />
        <source>--broker-port wants a port 1-65535, not %1</source>
        <translation>--broker-port 需要 1-65535 之间的端口，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="500" />
        <source>--model wants a name</source>
        <translation>--model 需要一个型号名称</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="69" />
        <source>QMT Scope: a diagnostic tool for the MQTT AT commands of Quectel modules.</source>
        <translation>QMT Scope：Quectel 模块 MQTT AT 命令诊断工具。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="73" />
        <source>Start the built-in simulated module and its MQTT broker, and connect to it.</source>
        <translation>启动内置的模拟模块及其 MQTT 服务器，并连接到该模块。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="74" />
        <source>Open this serial port at start.</source>
        <translation>启动时打开此串口。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="75" />
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="76" />
        <source>Baud rate for --port (default: the last one used, or 115200).</source>
        <translation>--port 的波特率（默认：上次使用的值，或 115200）。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="77" />
        <source>rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="79" />
        <source>Interface language for this run: en, zh_CN or system.</source>
        <translation>本次运行的界面语言：en、zh_CN 或 system。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="80" />
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="82" />
        <source>Play the AT commands of this file once the port is open (one per line; a '&gt;' line is the data of the command before it).</source>
        <translation>串口打开后执行此文件中的 AT 命令（每行一条；'&gt;' 行是其前一条命令的数据）。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="84" />
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="86" />
        <source>Play the built-in walkthrough once the port is open: open slot 0, connect, subscribe, publish.</source>
        <translation>串口打开后执行内置的演示流程：打开客户端 0、连接、订阅、发布。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="89" />
        <source>The panel shown first: console, traffic, forms or sequences.</source>
        <translation>首先显示的面板：console、traffic、forms 或 sequences。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="90" />
        <source>name</source>
        <translation>名称</translation>
    </message>
</context>
<context>
    <name>qmt::at</name>
    <message>
        <location filename="../modem/at/pem.cpp" line="81" />
        <source>This is a certificate request (CSR), not a certificate. Have it signed by your CA (or the cloud console) and choose the certificate you get back.</source>
        <translation>这是证书请求（CSR），不是证书。请让您的 CA（或云平台控制台）签发，然后选择签发后得到的证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="84" />
        <source>This is a public key. The module needs the private key that belongs to the client certificate.</source>
        <translation>这是公钥。模块需要与客户端证书配对的私钥。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="86" />
        <source>This is a public key, not a certificate.</source>
        <translation>这是公钥，不是证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="88" />
        <source>This is OpenSSL's "TRUSTED CERTIFICATE" form, which modules do not read. Convert it: openssl x509 -in &lt;file&gt; -out cert.pem</source>
        <translation>这是 OpenSSL 的 "TRUSTED CERTIFICATE" 格式，模块无法读取。请转换：openssl x509 -in &lt;file&gt; -out cert.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="91" />
        <source>This is an OpenSSH key, not a TLS key. Choose the key that belongs to the client certificate.</source>
        <translation>这是 OpenSSH 密钥，不是 TLS 密钥。请选择与客户端证书配对的密钥。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="94" />
        <source>This is a %1, which the module cannot use. Use an RSA or EC key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY).</source>
        <translation>这是 %1，模块无法使用。请使用 RSA 或 EC 密钥（-----BEGIN PRIVATE KEY-----、RSA PRIVATE KEY 或 EC PRIVATE KEY）。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="98" />
        <source>This is a PKCS#7 bundle. Extract the certificates: openssl pkcs7 -print_certs -in &lt;file&gt; -out certs.pem</source>
        <translation>这是 PKCS#7 证书包。请提取其中的证书：openssl pkcs7 -print_certs -in &lt;file&gt; -out certs.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="101" />
        <source>This file holds a -----BEGIN %1----- block, not a private key.</source>
        <translation>此文件包含 -----BEGIN %1----- 块，而不是私钥。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="102" />
        <source>This file holds a -----BEGIN %1----- block, not a certificate.</source>
        <translation>此文件包含 -----BEGIN %1----- 块，而不是证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="131" />
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="136" />
        <source>The file has %1 KB, more than the %2 KB a module takes for a certificate. A whole CA bundle? Choose only the CA certificate that signed your server's certificate.</source>
        <translation>文件大小为 %1 KB，超过模块对证书的上限 %2 KB。是完整的 CA 证书包吗？请只选择签发您服务器证书的那个 CA 证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="140" />
        <source>The file has %1 KB, more than the %2 KB a module takes for a key.</source>
        <translation>文件大小为 %1 KB，超过模块对密钥的上限 %2 KB。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="147" />
        <source>This is a binary (DER) file, not PEM. Convert it: openssl x509 -inform der -in &lt;file&gt; -out cert.pem</source>
        <translation>这是二进制（DER）文件，不是 PEM。请转换：openssl x509 -inform der -in &lt;file&gt; -out cert.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="149" />
        <source>This is a binary (DER) file, not PEM. Convert it: openssl pkey -inform der -in &lt;file&gt; -out key.pem</source>
        <translation>这是二进制（DER）文件，不是 PEM。请转换：openssl pkey -inform der -in &lt;file&gt; -out key.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="151" />
        <source>This is a binary file, not a PEM text file.</source>
        <translation>这是二进制文件，不是 PEM 文本文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="178" />
        <source>Line %1 ends a block that never began: the file is damaged.</source>
        <translation>第 %1 行结束了一个从未开始的块：文件已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="185" />
        <location filename="../modem/at/pem.cpp" line="220" />
        <source>The -----BEGIN %1----- block of line %2 has no END line: the file is cut short or damaged.</source>
        <translation>第 %2 行的 -----BEGIN %1----- 块没有 END 行：文件被截断或已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="194" />
        <source>Line %1 ends a %2 block that began as %3: the file is damaged.</source>
        <translation>第 %1 行结束的是 %2 块，但该块以 %3 开始：文件已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="202" />
        <source>The -----BEGIN %1----- block of line %2 is not valid base64: the file is damaged.</source>
        <translation>第 %2 行的 -----BEGIN %1----- 块不是有效的 base64：文件已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="254" />
        <source>This is a private key, not a certificate. Choose it as the client key; here choose a file with -----BEGIN CERTIFICATE-----.</source>
        <translation>这是私钥，不是证书。请将它选作客户端私钥；此处请选择包含 -----BEGIN CERTIFICATE----- 的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="259" />
        <source>This file holds a private key as well as certificates. Never upload a key as a certificate: extract the certificates with openssl x509 -in &lt;file&gt; -out cert.pem.</source>
        <translation>此文件除证书外还包含私钥。切勿将私钥作为证书上传：请用 openssl x509 -in &lt;file&gt; -out cert.pem 提取证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="265" />
        <source>This is not a PEM certificate: there is no -----BEGIN CERTIFICATE----- line.</source>
        <translation>这不是 PEM 证书：没有 -----BEGIN CERTIFICATE----- 行。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="268" />
        <source>A chain of %n certificates; the module gets all of them.</source>
        <translation>证书链包含 %n 个证书；模块会收到全部证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="273" />
        <source>This key is encrypted with a passphrase, which the module cannot use. Save it without one: openssl pkey -in &lt;file&gt; -out key.pem (keep that file safe).</source>
        <translation>此密钥已用口令加密，模块无法使用。请另存为不带口令的密钥：openssl pkey -in &lt;file&gt; -out key.pem（请妥善保管该文件）。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="278" />
        <source>This is a certificate, not a private key. Choose the file with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY) that belongs to the client certificate.</source>
        <translation>这是证书，不是私钥。请选择与客户端证书配对、包含 -----BEGIN PRIVATE KEY-----（或 RSA/EC PRIVATE KEY）的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="284" />
        <source>This is not a PEM private key: there is no -----BEGIN PRIVATE KEY----- line.</source>
        <translation>这不是 PEM 私钥：没有 -----BEGIN PRIVATE KEY----- 行。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="288" />
        <source>This file holds %n private keys; the module takes exactly one.</source>
        <translation>此文件包含 %n 个私钥；模块只接受一个。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="292" />
        <source>This file holds certificates as well as the key; the module expects the key alone. Extract it: openssl pkey -in &lt;file&gt; -out key.pem</source>
        <translation>此文件除私钥外还包含证书；模块只需要私钥本身。请提取：openssl pkey -in &lt;file&gt; -out key.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="295" />
        <source>The EC PARAMETERS block before the key is uploaded too; modules skip it.</source>
        <translation>密钥前的 EC PARAMETERS 块也会被上传；模块会跳过它。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="298" />
        <source>The -----BEGIN %1----- block is uploaded too; the module ignores it.</source>
        <translation>-----BEGIN %1----- 块也会被上传；模块会忽略它。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="301" />
        <source>Text outside the PEM blocks (such as openssl's "subject=" lines) is uploaded as it is.</source>
        <translation>PEM 块之外的文本（例如 openssl 的 "subject=" 行）会原样上传。</translation>
    </message>
</context>
<context>
    <name>qmt::at::Builders</name>
    <message>
        <location filename="../modem/at/builders.cpp" line="30" />
        <source>%1 %2 is out of range %3</source>
        <translation>%1 的值 %2 超出范围 %3</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="32" />
        <source>%1 %2 is not one of %3</source>
        <translation>%1 的值 %2 不在 %3 之中</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="40" />
        <source>%1 must not be empty</source>
        <translation>%1 不能为空</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="42" />
        <source>%1 is %2 bytes long in UTF-8; the allowed length is %3 bytes</source>
        <translation>%1 按 UTF-8 为 %2 字节；允许的长度为 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="45" />
        <source>%1 is %2 bytes long; the allowed length is %3 bytes</source>
        <translation>%1 为 %2 字节；允许的长度为 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="52" />
        <source>%1 must not contain a double quote ("): the module has no way to escape it</source>
        <translation>%1 不能包含双引号（"）：模块无法转义</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="61" />
        <source>%1 must not contain a line break (CR or LF)</source>
        <translation>%1 不能包含换行符（CR 或 LF）</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="136" />
        <source>%1 must not contain the wildcards + or #: one publishes to a topic name, not a filter</source>
        <translation>%1 不能包含通配符 + 或 #：发布的目标是主题名，而不是主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="156" />
        <source>%1: the wildcard # must be the whole last level, as in a/#</source>
        <translation>%1：通配符 # 必须单独占据最后一级，例如 a/#</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="162" />
        <source>%1: the wildcard + must fill a whole level, as in a/+/b</source>
        <translation>%1：通配符 + 必须单独占据一级，例如 a/+/b</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="180" />
        <source>%1 has no name after the prefix %2</source>
        <translation>%1 在前缀 %2 之后缺少文件名</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="379" />
        <source>SSL_enable %1 requires SSL_ctx_idx</source>
        <translation>SSL_enable 为 %1 时必须指定 SSL_ctx_idx</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="424" />
        <source>will_fg %1 requires will_qos, will_retain, will_topic and will_msg</source>
        <translation>will_fg 为 %1 时必须指定 will_qos、will_retain、will_topic 和 will_msg</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="519" />
        <source>password is missing: the module takes username and password together or neither</source>
        <translation>缺少密码：模块要求用户名和密码同时提供或同时省略</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="524" />
        <source>username is missing: the module takes username and password together or neither</source>
        <translation>缺少用户名：模块要求用户名和密码同时提供或同时省略</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="556" />
        <location filename="../modem/at/builders.cpp" line="579" />
        <source>at least one topic is required</source>
        <translation>至少需要一个主题</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="595" />
        <source>msgid 0 is only allowed with qos 0; qos %1 needs a msgid of at least 1</source>
        <translation>msgid 为 0 仅适用于 qos 0；qos %1 需要 msgid 不小于 1</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="636" />
        <source>%1 must not contain Ctrl+Z (0x1A): it ends the data; use the form with a length</source>
        <translation>%1 不能包含 Ctrl+Z（0x1A）：它会结束数据输入；请使用带长度的命令格式</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="642" />
        <source>%1 must not contain ESC (0x1B): it cancels the input; use the form with a length</source>
        <translation>%1 不能包含 ESC（0x1B）：它会取消输入；请使用带长度的命令格式</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="894" />
        <source>%1 has no test form</source>
        <translation>%1 没有测试命令</translation>
    </message>
</context>
<context>
    <name>qmt::at::Forms</name>
    <message>
        <location filename="../modem/at/formschema.cpp" line="99" />
        <source>Client (client_idx)</source>
        <translation>客户端（client_idx）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="104" />
        <source>SSL context (SSL_ctxID)</source>
        <translation>SSL 上下文（SSL_ctxID）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="109" />
        <source>PDP context (contextID)</source>
        <translation>PDP 上下文（contextID）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="113" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="114" />
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="115" />
        <source>at most once</source>
        <translation>最多一次</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="116" />
        <source>at least once</source>
        <translation>至少一次</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="117" />
        <source>exactly once</source>
        <translation>仅一次</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="118" />
        <source>not retained</source>
        <translation>不保留</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="119" />
        <source>retained by the broker</source>
        <translation>由服务器保留</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="169" />
        <source>MQTT protocol version</source>
        <translation>MQTT 协议版本</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="171" />
        <source>The MQTT version the client speaks to the broker.</source>
        <translation>客户端与服务器通信所用的 MQTT 版本。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="172" />
        <source>Version (vsn)</source>
        <translation>版本（vsn）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="173" />
        <source>MQTT 3.1</source>
        <translation>MQTT 3.1</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="174" />
        <source>MQTT 3.1.1</source>
        <translation>MQTT 3.1.1</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="177" />
        <source>PDP context of the client</source>
        <translation>客户端的 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="179" />
        <source>The PDP context (AT+QICSGP/AT+QIACT) the client's network uses.</source>
        <translation>客户端网络所用的 PDP 上下文（AT+QICSGP/AT+QIACT）。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="182" />
        <source>PDP context (cid)</source>
        <translation>PDP 上下文（cid）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="185" />
        <source>SSL/TLS for the client</source>
        <translation>客户端的 SSL/TLS</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="187" />
        <source>Binds the client to an SSL context set up with AT+QSSLCFG; the context is required when SSL is on.</source>
        <translation>将客户端绑定到用 AT+QSSLCFG 配置的 SSL 上下文；开启 SSL 时必须指定该上下文。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="191" />
        <source>SSL (SSL_enable)</source>
        <translation>SSL（SSL_enable）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="192" />
        <source>plain TCP</source>
        <translation>普通 TCP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="193" />
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="195" />
        <source>SSL context (SSL_ctx_idx)</source>
        <translation>SSL 上下文（SSL_ctx_idx）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="202" />
        <source>Keep-alive time</source>
        <translation>保活时间</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="204" />
        <source>The longest silence before the client pings the broker; 0 = never time out.</source>
        <translation>客户端向服务器发送 Ping 前允许的最长静默时间；0 = 永不超时。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="207" />
        <source>Keep-alive (keep_alive_time)</source>
        <translation>保活（keep_alive_time）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="208" />
        <location filename="../modem/at/formschema.cpp" line="230" />
        <location filename="../modem/at/formschema.cpp" line="324" />
        <location filename="../modem/at/formschema.cpp" line="482" />
        <location filename="../modem/at/formschema.cpp" line="573" />
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="213" />
        <source>Session type</source>
        <translation>会话类型</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="215" />
        <source>Whether the broker keeps the client's subscriptions across connections.</source>
        <translation>服务器是否在多次连接之间保留客户端的订阅。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="218" />
        <source>Session (clean_session)</source>
        <translation>会话（clean_session）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="219" />
        <source>keep the session</source>
        <translation>保留会话</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="220" />
        <source>clean session</source>
        <translation>清除会话</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="224" />
        <source>Packet timeout and retries</source>
        <translation>数据包超时与重试</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="226" />
        <source>How long the client waits for an acknowledgement, and how often it resends.</source>
        <translation>客户端等待确认的时长，以及重发的次数。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="229" />
        <source>Packet timeout (pkt_timeout)</source>
        <translation>数据包超时（pkt_timeout）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="231" />
        <source>Retries (retry_times)</source>
        <translation>重试次数（retry_times）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="234" />
        <source>Report timeouts (timeout_notice)</source>
        <translation>报告超时（timeout_notice）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="235" />
        <source>do not report</source>
        <translation>不报告</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="236" />
        <source>report a packet timeout</source>
        <translation>报告数据包超时</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="241" />
        <source>no will</source>
        <translation>无遗嘱</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="242" />
        <source>publish a will</source>
        <translation>发布遗嘱</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="244" />
        <source>Will message</source>
        <translation>遗嘱消息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="246" />
        <source>What the broker publishes when the client goes away without DISCONNECT. The message cannot contain a double quote.</source>
        <translation>客户端未发送 DISCONNECT 就断开时由服务器发布的消息。消息不能包含双引号。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="250" />
        <location filename="../modem/at/formschema.cpp" line="275" />
        <source>Will (will_fg)</source>
        <translation>遗嘱（will_fg）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="251" />
        <location filename="../modem/at/formschema.cpp" line="276" />
        <source>QoS (will_qos)</source>
        <translation>QoS（will_qos）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="253" />
        <location filename="../modem/at/formschema.cpp" line="277" />
        <source>Retain (will_retain)</source>
        <translation>保留（will_retain）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="256" />
        <location filename="../modem/at/formschema.cpp" line="279" />
        <source>Topic (will_topic)</source>
        <translation>主题（will_topic）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="259" />
        <source>Message (will_msg)</source>
        <translation>消息（will_msg）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="269" />
        <source>Will message with a length</source>
        <translation>带长度的遗嘱消息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="271" />
        <source>Like "will", but the message is written after the &gt; prompt, so it may contain any byte.</source>
        <translation>与 "will" 相同，但消息在 &gt; 提示符之后写入，因此可包含任意字节。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="281" />
        <source>Message (after &gt;)</source>
        <translation>消息（在 &gt; 之后）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="288" />
        <source>Receive mode</source>
        <translation>接收模式</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="290" />
        <source>How received messages reach the host. With the length in the URC, payloads that contain line breaks or quotes are read reliably.</source>
        <translation>接收到的消息如何送达主机。URC 中带有长度时，含换行符或引号的负载也能可靠读取。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="294" />
        <source>Mode (msg_recv_mode)</source>
        <translation>模式（msg_recv_mode）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="295" />
        <source>the message in the +QMTRECV URC</source>
        <translation>消息包含在 +QMTRECV URC 中</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="296" />
        <source>stored in a buffer; the URC names the buffer</source>
        <translation>存储在接收缓存中；URC 指明缓存编号</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="299" />
        <source>Length in the URC (msg_len_enable)</source>
        <translation>URC 中的长度（msg_len_enable）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="300" />
        <source>no length</source>
        <translation>不带长度</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="301" />
        <source>the URC carries the payload length</source>
        <translation>URC 携带负载长度</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="307" />
        <source>Alibaba Cloud credentials</source>
        <translation>阿里云认证信息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="309" />
        <source>With these, AT+QMTCONN may omit user name and password. The device secret is a secret.</source>
        <translation>设置后，AT+QMTCONN 可省略用户名和密码。DeviceSecret 属于机密信息。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="312" />
        <source>Product key</source>
        <translation>ProductKey</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="313" />
        <source>Device name</source>
        <translation>DeviceName</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="314" />
        <source>Device secret</source>
        <translation>DeviceSecret</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="319" />
        <source>Ping interval</source>
        <translation>Ping 间隔</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="321" />
        <source>How long the client waits for a PINGRESP.</source>
        <translation>客户端等待 PINGRESP 的时长。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="323" />
        <source>Interval (qmtping_interval)</source>
        <translation>间隔（qmtping_interval）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="328" />
        <source>Open a network connection</source>
        <translation>打开网络连接</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="330" />
        <source>Opens the TCP (or TLS) link of a client to the broker; the result arrives as +QMTOPEN within 120 s.</source>
        <translation>打开客户端到服务器的 TCP（或 TLS）链路；结果在 120 秒内以 +QMTOPEN 返回。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="334" />
        <source>Broker (host_name)</source>
        <translation>服务器（host_name）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="336" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="341" />
        <source>Which networks are open</source>
        <translation>哪些网络已打开</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="343" />
        <source>Lists every client whose network is open, with host and port.</source>
        <translation>列出所有已打开网络的客户端及其服务器地址和端口。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="346" />
        <source>Close a network connection</source>
        <translation>关闭网络连接</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="348" />
        <source>Closes the client's link; the result arrives as +QMTCLOSE.</source>
        <translation>关闭客户端的链路；结果以 +QMTCLOSE 返回。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="353" />
        <source>Connect to the broker</source>
        <translation>连接服务器</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="355" />
        <source>Sends CONNECT on an open network; +QMTCONN reports the broker's CONNACK.</source>
        <translation>在已打开的网络上发送 CONNECT；+QMTCONN 报告服务器的 CONNACK。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="358" />
        <source>Client ID (clientid)</source>
        <translation>客户端 ID（clientid）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="360" />
        <source>With user name and password</source>
        <translation>使用用户名和密码</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="361" />
        <location filename="../modem/at/formschema.cpp" line="597" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="362" />
        <location filename="../modem/at/formschema.cpp" line="598" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="369" />
        <source>Connection states</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="371" />
        <source>Every client's MQTT state: 1 initializing, 2 connecting, 3 connected, 4 disconnecting.</source>
        <translation>每个客户端的 MQTT 状态：1 初始化，2 正在连接，3 已连接，4 正在断开。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="375" />
        <source>Disconnect from the broker</source>
        <translation>断开与服务器的连接</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="377" />
        <source>Sends DISCONNECT; the module also closes the network (+QMTDISC).</source>
        <translation>发送 DISCONNECT；模块同时关闭网络（+QMTDISC）。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="385" />
        <source>Topic filters</source>
        <translation>主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="391" />
        <source>Subscribe</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="393" />
        <source>Subscribes to one or more topic filters (+ and # allowed); +QMTSUB reports the granted QoS of each.</source>
        <translation>订阅一个或多个主题过滤器（允许使用 + 和 #）；+QMTSUB 报告每个过滤器被授予的 QoS。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="397" />
        <location filename="../modem/at/formschema.cpp" line="408" />
        <location filename="../modem/at/formschema.cpp" line="420" />
        <source>Packet ID (msgid)</source>
        <translation>数据包 ID（msgid）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="404" />
        <source>Unsubscribe</source>
        <translation>退订</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="406" />
        <source>Unsubscribes from one or more topic filters.</source>
        <translation>退订一个或多个主题过滤器。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="421" />
        <source>(0 only with QoS 0)</source>
        <translation>（0 仅用于 QoS 0）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="422" />
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="423" />
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="424" />
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="429" />
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="431" />
        <source>Publishes a message of up to 1500 bytes, written after the &gt; prompt; at most 5 may await their acknowledgement.</source>
        <translation>发布最长 1500 字节的消息，消息在 &gt; 提示符之后写入；最多 5 条消息可同时等待确认。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="434" />
        <location filename="../modem/at/formschema.cpp" line="444" />
        <source>Payload (after &gt;)</source>
        <translation>负载（在 &gt; 之后）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="439" />
        <source>Publish, ended by Ctrl+Z (older)</source>
        <translation>发布，以 Ctrl+Z 结束（旧版）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="441" />
        <source>The older publish command of some firmware: the data after &gt; ends with Ctrl+Z, so it must not contain Ctrl+Z or ESC.</source>
        <translation>部分固件的旧版发布命令：&gt; 之后的数据以 Ctrl+Z 结束，因此不能包含 Ctrl+Z 或 ESC。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="452" />
        <source>Read stored messages</source>
        <translation>读取缓存的消息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="454" />
        <source>In receive mode 1, reads the messages held in the client's buffers (all, or one).</source>
        <translation>在接收模式 1 下，读取客户端接收缓存中的消息（全部或其中一个）。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="457" />
        <source>Only one buffer</source>
        <translation>仅一个缓存</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="458" />
        <source>Buffer (recv_id)</source>
        <translation>缓存（recv_id）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="465" />
        <source>Which buffers hold messages</source>
        <translation>哪些缓存存有消息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="467" />
        <source>For each client, which of its 5 buffers hold a message.</source>
        <translation>每个客户端的 5 个接收缓存中哪些存有消息。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="472" />
        <source>Upload a file</source>
        <translation>上传文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="474" />
        <source>Stores a file (a certificate, a key) on the module; RAM: files are lost at restart. The module answers with a checksum to compare.</source>
        <translation>将文件（证书、私钥）存储到模块上；RAM: 中的文件在重启后丢失。模块会返回校验和以供比对。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="477" />
        <location filename="../modem/at/formschema.cpp" line="500" />
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="479" />
        <source>Content (after CONNECT)</source>
        <translation>内容（在 CONNECT 之后发送）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="480" />
        <source>Set the upload timeout</source>
        <translation>设置上传超时</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="481" />
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="490" />
        <source>List files</source>
        <translation>列出文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="492" />
        <source>Lists the files that match, with their sizes ("*": all).</source>
        <translation>列出匹配的文件及其大小（"*"：全部）。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="493" />
        <source>Pattern</source>
        <translation>匹配模式</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="497" />
        <source>Delete a file</source>
        <translation>删除文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="499" />
        <source>Deletes a file; "*" deletes them all.</source>
        <translation>删除文件；"*" 删除全部文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="503" />
        <source>Free space</source>
        <translation>剩余空间</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="505" />
        <source>Free and total bytes of a storage medium (UFS or RAM).</source>
        <translation>存储介质（UFS 或 RAM）的剩余字节数和总字节数。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="506" />
        <source>Medium</source>
        <translation>存储介质</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="511" />
        <source>SSL version</source>
        <translation>SSL 版本</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="513" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="514" />
        <source>SSL 3.0</source>
        <translation>SSL 3.0</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="515" />
        <source>TLS 1.0</source>
        <translation>TLS 1.0</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="516" />
        <source>TLS 1.1</source>
        <translation>TLS 1.1</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="517" />
        <source>TLS 1.2</source>
        <translation>TLS 1.2</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="518" />
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="522" />
        <source>Cipher suites</source>
        <translation>加密套件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="524" />
        <source>Cipher suite</source>
        <translation>加密套件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="525" />
        <source>(e.g. 0X0035, 0X002F, 0XC02F; 0XFFFF = all)</source>
        <translation>（例如 0X0035、0X002F、0XC02F；0XFFFF = 全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="528" />
        <source>Authentication level</source>
        <translation>认证级别</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="530" />
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="531" />
        <source>no authentication</source>
        <translation>不认证</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="532" />
        <source>verify the server</source>
        <translation>验证服务器</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="533" />
        <source>verify server and client</source>
        <translation>验证服务器和客户端</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="537" />
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="539" />
        <location filename="../modem/at/formschema.cpp" line="546" />
        <location filename="../modem/at/formschema.cpp" line="553" />
        <source>A file uploaded with AT+QFUPL.</source>
        <translation>用 AT+QFUPL 上传的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="540" />
        <location filename="../modem/at/formschema.cpp" line="547" />
        <location filename="../modem/at/formschema.cpp" line="554" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="544" />
        <source>Client certificate file</source>
        <translation>客户端证书文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="551" />
        <source>Client key file</source>
        <translation>客户端私钥文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="557" />
        <source>Ignore the validity period</source>
        <translation>忽略有效期</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="559" />
        <source>Modules without a set clock fail the handshake unless the certificates' validity period is ignored.</source>
        <translation>未设置时钟的模块会握手失败，除非忽略证书的有效期。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="563" />
        <source>Validity period</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="564" />
        <source>check it</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="565" />
        <source>ignore it</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="570" />
        <source>Handshake time limit</source>
        <translation>握手时限</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="572" />
        <source>Time limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="577" />
        <source>Server name indication</source>
        <translation>服务器名称指示</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="579" />
        <source>TLS hosts that share an IP address need SNI on.</source>
        <translation>共用同一 IP 地址的 TLS 主机需要开启 SNI。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="580" />
        <source>SNI</source>
        <translation>SNI</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="586" />
        <source>Define a PDP context</source>
        <translation>配置 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="588" />
        <source>The APN and credentials of the operator's data network.</source>
        <translation>运营商数据网络的 APN 和凭证。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="590" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="591" />
        <source>IPv4</source>
        <translation>IPv4</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="592" />
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="593" />
        <source>IPv4v6</source>
        <translation>IPv4v6</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="595" />
        <source>APN</source>
        <translation>APN</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="599" />
        <source>Authentication</source>
        <translation>认证方式</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="600" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="601" />
        <source>PAP</source>
        <translation>PAP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="602" />
        <source>CHAP</source>
        <translation>CHAP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="603" />
        <source>PAP or CHAP</source>
        <translation>PAP 或 CHAP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="614" />
        <source>Activate a PDP context</source>
        <translation>激活 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="616" />
        <source>Brings the data connection up (up to 150 s); ERROR if it is already active.</source>
        <translation>建立数据连接（最长 150 s）；如已激活则返回 ERROR。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="619" />
        <source>Active PDP contexts</source>
        <translation>已激活的 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="621" />
        <source>Lists the active contexts with their IP addresses.</source>
        <translation>列出已激活的上下文及其 IP 地址。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="623" />
        <source>Deactivate a PDP context</source>
        <translation>反激活 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="628" />
        <source>Is the module there</source>
        <translation>模块是否在线</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="629" />
        <source>The module answers OK.</source>
        <translation>模块返回 OK。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="632" />
        <source>Command echo</source>
        <translation>命令回显</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="633" />
        <source>Whether the module repeats each command line it receives.</source>
        <translation>模块是否回显收到的每条命令行。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="634" />
        <source>Echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="636" />
        <source>Error reports</source>
        <translation>错误报告</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="637" />
        <source>How the module reports errors.</source>
        <translation>模块报告错误的方式。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="638" />
        <source>Errors as</source>
        <translation>错误格式</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="639" />
        <source>plain ERROR</source>
        <translation>仅 ERROR</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="640" />
        <source>+CME ERROR with a number</source>
        <translation>+CME ERROR 加数字代码</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="641" />
        <source>+CME ERROR with a text</source>
        <translation>+CME ERROR 加文字说明</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="644" />
        <source>Module identity</source>
        <translation>模块信息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="645" />
        <source>Manufacturer, model and revision.</source>
        <translation>制造商、型号和版本。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="647" />
        <source>Firmware revision</source>
        <translation>固件版本</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="663" />
        <source>Ask for the ranges (test form)</source>
        <translation>查询取值范围（测试命令）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="665" />
        <source>The module lists what it accepts; its answer replaces the spec's ranges in every form.</source>
        <translation>模块列出其接受的取值；其回复将替换所有表单中规范规定的范围。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="668" />
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="878" />
        <source>Configure</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="880" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="882" />
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="884" />
        <source>Publish/Subscribe</source>
        <translation>发布/订阅</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="886" />
        <source>Receive</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="888" />
        <source>Files &amp; TLS</source>
        <translation>文件与 TLS</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="890" />
        <source>PDP</source>
        <translation>PDP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="892" />
        <source>Basic</source>
        <translation>基本</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="1014" />
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="1017" />
        <source>%1 bytes each</source>
        <translation>每个 %1 字节</translation>
    </message>
</context>
<context>
    <name>qmt::at::PemCheck</name>
    <message>
        <location filename="../modem/at/pem.cpp" line="112" />
        <source>RSA private key (PKCS#1)</source>
        <translation>RSA 私钥（PKCS#1）</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="113" />
        <source>EC private key (SEC1)</source>
        <translation>EC 私钥（SEC1）</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="114" />
        <source>private key (PKCS#8)</source>
        <translation>私钥（PKCS#8）</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="115" />
        <source>%1, %2 bytes</source>
        <translation>%1，%2 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="117" />
        <source>%n certificate(s), %1 bytes</source>
        <translation>%n 个证书，%1 字节</translation>
    </message>
</context>
<context>
    <name>qmt::at::syntax</name>
    <message>
        <location filename="../modem/at/syntax.cpp" line="33" />
        <source>configure a client slot; without the value it reads the setting back</source>
        <translation>配置客户端；不带值时读取当前设置</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="36" />
        <source>MQTT protocol version: 3 = MQTT 3.1, 4 = MQTT 3.1.1</source>
        <translation>MQTT 协议版本：3 = MQTT 3.1，4 = MQTT 3.1.1</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="38" />
        <source>the PDP context the slot uses, 1-16 (default 1)</source>
        <translation>客户端使用的 PDP 上下文，1-16（默认 1）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="41" />
        <source>TLS for the slot: enable 0/1 and the SSL context 0-5 to use</source>
        <translation>客户端的 TLS：启用 0/1，以及使用的 SSL 上下文 0-5</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="45" />
        <source>keep-alive interval 0-3600 s (default 120; 0 = never time out)</source>
        <translation>保活间隔 0-3600 s（默认 120；0 = 永不超时）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="49" />
        <source>0 keeps the session after a disconnect, 1 starts clean</source>
        <translation>0 断开连接后保留会话，1 清除会话</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="52" />
        <source>packet timeout 1-60 s (default 5), retries 0-10 (default 3), report timeouts 0/1</source>
        <translation>数据包超时 1-60 s（默认 5），重试次数 0-10（默认 3），是否报告超时 0/1</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="58" />
        <source>last will: flag 0/1, QoS 0-2, retain 0/1, topic, message (no " inside)</source>
        <translation>遗嘱：标志 0/1，QoS 0-2，保留 0/1，主题，消息（不能包含 "）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="63" />
        <source>last will whose message (0-256 bytes) is written after the '&gt;' prompt</source>
        <translation>遗嘱，其消息（0-256 字节）在 '&gt;' 提示符后写入</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="67" />
        <source>mode 0 = message in the URC, 1 = stored in a buffer; length 1 = the URC carries the payload length</source>
        <translation>模式 0 = 消息包含在 URC 中，1 = 存入缓存；长度 1 = URC 带有负载长度</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="72" />
        <source>Alibaba Cloud device credentials (the secret is a secret)</source>
        <translation>阿里云设备凭证（密钥须保密）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="76" />
        <source>interval of the module's own pings, 5-60 s (default 5)</source>
        <translation>模块自身 Ping 的间隔，5-60 s（默认 5）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="80" />
        <source>open a network connection for a slot; the result comes as +QMTOPEN: &lt;client_idx&gt;,&lt;result&gt;</source>
        <translation>为客户端打开网络连接；结果以 +QMTOPEN: &lt;client_idx&gt;,&lt;result&gt; 返回</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="84" />
        <source>close the slot's network connection</source>
        <translation>关闭客户端的网络连接</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="87" />
        <source>connect the slot to the MQTT server; the result comes as +QMTCONN: &lt;client_idx&gt;,&lt;result&gt;[,&lt;ret_code&gt;]</source>
        <translation>将客户端连接到 MQTT 服务器；结果以 +QMTCONN: &lt;client_idx&gt;,&lt;result&gt;[,&lt;ret_code&gt;] 返回</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="91" />
        <source>disconnect the slot from the MQTT server</source>
        <translation>断开客户端与 MQTT 服务器的连接</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="96" />
        <source>subscribe to topic filters; msgid 1-65535, QoS 0-2</source>
        <translation>订阅主题过滤器；msgid 1-65535，QoS 0-2</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="98" />
        <source>unsubscribe from topic filters</source>
        <translation>退订主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="101" />
        <source>publish: after the '&gt;' prompt write exactly msg_length bytes (msgid 0 only with QoS 0)</source>
        <translation>发布：在 '&gt;' 提示符后写入恰好 msg_length 字节（msgid 0 仅用于 QoS 0）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="106" />
        <source>older publish: after '&gt;' write the message ended by Ctrl+Z, or msg_length bytes</source>
        <translation>旧式发布：在 '&gt;' 后写入以 Ctrl+Z 结尾的消息，或 msg_length 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="110" />
        <source>read the messages stored in buffer mode (recv_id 0-4); AT+QMTRECV? shows which buffers are full</source>
        <translation>读取缓存模式下存储的消息（recv_id 0-4）；AT+QMTRECV? 显示哪些缓存已满</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="116" />
        <source>upload a file (RAM:name or UFS:name): after CONNECT send file_size bytes</source>
        <translation>上传文件（RAM:name 或 UFS:name）：在 CONNECT 之后发送 file_size 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="119" />
        <source>list the files matching the pattern ("*" for all)</source>
        <translation>列出与匹配模式相符的文件（"*" 表示全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="121" />
        <source>delete a file ("*" deletes all)</source>
        <translation>删除文件（"*" 删除全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="123" />
        <source>free and total bytes of a storage medium ("UFS")</source>
        <translation>存储介质（"UFS"）的剩余字节数和总字节数</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="127" />
        <source>configure an SSL context 0-5; without the value it reads the setting back</source>
        <translation>配置 SSL 上下文 0-5；不带值时读取当前设置</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="131" />
        <source>0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all</source>
        <translation>0 SSL 3.0，1 TLS 1.0，2 TLS 1.1，3 TLS 1.2，4 全部</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="134" />
        <source>cipher suite in hex, unquoted (0X0035, 0XC02F …; 0XFFFF all)</source>
        <translation>hex 形式的加密套件，不加引号（0X0035、0XC02F …；0XFFFF 全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="138" />
        <source>0 no authentication, 1 verify the server, 2 verify server and client</source>
        <translation>0 不认证，1 验证服务器，2 验证服务器和客户端</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="142" />
        <source>the uploaded CA certificate, e.g. "RAM:cacert.pem"</source>
        <translation>已上传的 CA 证书，例如 "RAM:cacert.pem"</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="145" />
        <source>the uploaded client certificate</source>
        <translation>已上传的客户端证书</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="148" />
        <source>the uploaded private key of the client certificate</source>
        <translation>已上传的客户端证书私钥</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="151" />
        <source>1 ignores the certificates' validity period</source>
        <translation>1 忽略证书有效期</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="154" />
        <source>time limit of the TLS handshake, 10-300 s (default 300)</source>
        <translation>TLS 握手时限，10-300 s（默认 300）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="156" />
        <source>server name indication 0/1; hosts sharing an IP address need 1</source>
        <translation>服务器名称指示 0/1；共用 IP 地址的主机需设为 1</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="164" />
        <source>define a PDP context: type 1 IPv4, 2 IPv6, 3 IPv4v6; APN; authentication 0 none, 1 PAP, 2 CHAP</source>
        <translation>配置 PDP 上下文：类型 1 IPv4，2 IPv6，3 IPv4v6；APN；认证方式 0 无，1 PAP，2 CHAP</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="168" />
        <source>activate a PDP context (up to 150 s; ERROR if it is already active)</source>
        <translation>激活 PDP 上下文（最长 150 s；如已激活则返回 ERROR）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="171" />
        <source>deactivate a PDP context</source>
        <translation>反激活 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="175" />
        <source>check that the module answers</source>
        <translation>检查模块是否响应</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="177" />
        <source>command echo: ATE0 off, ATE1 on (the default after power-up)</source>
        <translation>命令回显：ATE0 关闭，ATE1 开启（上电后的默认值）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="180" />
        <source>the module's manufacturer, model and revision</source>
        <translation>模块的制造商、型号和版本</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="182" />
        <source>the firmware revision</source>
        <translation>固件版本</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="184" />
        <source>the firmware revision (3GPP form)</source>
        <translation>固件版本（3GPP 格式）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="186" />
        <source>error reports: 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose</source>
        <translation>错误报告：0 仅 ERROR，1 数字 +CME ERROR，2 详细文字</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="189" />
        <source>functionality: 0 minimum, 1 full, 4 radio off; rst 1 restarts the module</source>
        <translation>功能模式：0 最小功能，1 全功能，4 关闭射频；rst 1 重启模块</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="192" />
        <source>the SIM card's state (+CPIN: READY when usable)</source>
        <translation>SIM 卡状态（可用时为 +CPIN: READY）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="194" />
        <source>the port the module sends URCs to: "usbat", "usbmodem" or "uart1"</source>
        <translation>模块输出 URC 的端口："usbat"、"usbmodem" 或 "uart1"</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="199" />
        <source>the slot's link changed state; the client is disconnected</source>
        <translation>客户端的链路状态改变；客户端已断开</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="202" />
        <source>result 1: the keep-alive ping failed, the connection is closed</source>
        <translation>结果 1：保活 Ping 失败，连接已关闭</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="205" />
        <source>a message arrived (receive mode 0); in mode 1 +QMTRECV: &lt;client_idx&gt;,&lt;recv_id&gt; names its buffer</source>
        <translation>收到消息（接收模式 0）；在模式 1 下，+QMTRECV: &lt;client_idx&gt;,&lt;recv_id&gt; 指明其所在缓存</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="210" />
        <source>boot: the SIM type was detected</source>
        <translation>启动：已检测到 SIM 卡类型</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="212" />
        <source>an indication of the module, e.g. SMS DONE at boot</source>
        <translation>模块的指示信息，例如启动时的 SMS DONE</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="214" />
        <source>the network deactivated the PDP context</source>
        <translation>网络侧反激活了 PDP 上下文</translation>
    </message>
</context>
<context>
    <name>qmt::mqtt::LocalBroker</name>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="63" />
        <location filename="../modem/mqtt/localbroker.cpp" line="175" />
        <location filename="../modem/mqtt/localbroker.cpp" line="243" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="69" />
        <source>%1 %2: timed out</source>
        <translation>%1 %2：超时</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="73" />
        <source>%1 %2 failed (%3): %4</source>
        <translation>%1 %2 失败（%3）：%4</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="124" />
        <source>cannot create a temporary directory: %1</source>
        <translation>无法创建临时目录：%1</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="143" />
        <source>mosquitto not found in PATH or /usr/sbin (Debian: apt-get install mosquitto)</source>
        <translation>在 PATH 或 /usr/sbin 中找不到 mosquitto（Debian：apt-get install mosquitto）</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="149" />
        <source>no free loopback port</source>
        <translation>没有可用的回环端口</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="211" />
        <source>mosquitto_passwd not found in PATH</source>
        <translation>在 PATH 中找不到 mosquitto_passwd</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="256" />
        <source>mosquitto exited (code %1):
%2</source>
        <translation>mosquitto 已退出（退出码 %1）：
%2</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="260" />
        <source>mosquitto did not listen on port %1 in time:
%2</source>
        <translation>mosquitto 未能及时在端口 %1 上监听：
%2</translation>
    </message>
</context>
<context>
    <name>qmt::session::CommandResult</name>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="21" />
        <source>OK, result %1</source>
        <translation>OK，结果 %1</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="21" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="23" />
        <source>ERROR</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="25" />
        <location filename="../modem/session/commandchannel.cpp" line="26" />
        <source>+CME ERROR: %1</source>
        <translation>+CME ERROR: %1</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="28" />
        <source>no answer in time</source>
        <translation>未在规定时间内响应</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="30" />
        <source>the port went away</source>
        <translation>串口已断开</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="32" />
        <source>aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="34" />
        <source>the module restarted</source>
        <translation>模块已重启</translation>
    </message>
</context>
<context>
    <name>qmt::session::PortCatalog</name>
    <message>
        <location filename="../modem/session/portcatalog.cpp" line="51" />
        <source>interface %1</source>
        <translation>接口 %1</translation>
    </message>
    <message>
        <location filename="../modem/session/portcatalog.cpp" line="53" />
        <source>AT interface</source>
        <translation>AT 接口</translation>
    </message>
    <message>
        <location filename="../modem/session/portcatalog.cpp" line="69" />
        <source>pseudo-terminal</source>
        <translation>伪终端</translation>
    </message>
</context>
<context>
    <name>qmt::session::Sequence</name>
    <message>
        <location filename="../modem/session/sequence.cpp" line="144" />
        <source>the quoted text has no closing quote</source>
        <translation>引号内的文本缺少结束引号</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="148" />
        <source>text after the closing quote</source>
        <translation>结束引号之后还有文本</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="161" />
        <source>a value is missing</source>
        <translation>缺少值</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="178" />
        <source>"%1" is not a hexadecimal digit</source>
        <translation>"%1" 不是十六进制数字</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="189" />
        <source>an odd number of hexadecimal digits</source>
        <translation>十六进制数字的个数为奇数</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="213" />
        <source>a timeout is a number with a unit: 500ms, 5s or 2m</source>
        <translation>超时须为带单位的数字：500ms、5s 或 2m</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="218" />
        <source>a timeout of more than an hour</source>
        <translation>超时超过一小时</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="269" />
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="374" />
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="378" />
        <source>%1 is too large for a sequence</source>
        <translation>%1 太大，无法作为序列</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="398" />
        <location filename="../modem/session/sequence.cpp" line="404" />
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="448" />
        <source>an empty command</source>
        <translation>命令为空</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="465" />
        <source>the name comes before the first step</source>
        <translation>name 必须写在第一个步骤之前</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="472" />
        <source>"%1" is not a command: a step starts with AT (or a quoted command), and its attributes are indented</source>
        <translation>"%1" 不是命令：步骤以 AT（或带引号的命令）开头，其属性需缩进</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="479" />
        <source>an attribute before the first step</source>
        <translation>第一个步骤之前出现了属性</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="490" />
        <source>a second data attribute for this step</source>
        <translation>该步骤有第二个 data 属性</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="507" />
        <source>data is "quoted text", hex &lt;bytes&gt; or file &lt;path&gt;</source>
        <translation>data 的值为 "带引号的文本"、hex &lt;bytes&gt; 或 file &lt;path&gt;</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="514" />
        <source>an expectation is one line; repeat expect for more</source>
        <translation>每个预期只占一行；多个预期请重复 expect</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="519" />
        <source>a second timeout for this step</source>
        <translation>该步骤有第二个 timeout</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="527" />
        <source>a second note for this step</source>
        <translation>该步骤有第二个 note</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="537" />
        <source>unknown attribute "%1" (data, expect, timeout or note)</source>
        <translation>未知属性 "%1"（data、expect、timeout 或 note）</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="627" />
        <source>a backslash at the end: write \\ for a backslash</source>
        <translation>末尾有反斜杠：反斜杠本身请写作 \\</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="642" />
        <source>\x needs two hexadecimal digits</source>
        <translation>\x 需要两位十六进制数字</translation>
    </message>
    <message>
        <location filename="../modem/session/sequence.cpp" line="651" />
        <source>unknown escape \%1 (use \r \n \t \" \\ or \xNN)</source>
        <translation>未知转义 \%1（请使用 \r \n \t \" \\ 或 \xNN）</translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceModel</name>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="49" />
        <source>file: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="57" />
        <source>(succeeds)</source>
        <translation>（成功）</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="65" />
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="67" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="68" />
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/session/sequencemodel.cpp" line="92" />
        <source>%n byte(s): %1</source>
        <translation>
            <numerusform>%n 字节：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="93" />
        <source>The command succeeds</source>
        <translation>命令执行成功</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="108" />
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="109" />
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="110" />
        <source>Expect</source>
        <translation>预期</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="111" />
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="112" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceReportModel</name>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="168" />
        <source>running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="169" />
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="170" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="171" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="178" />
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="221" />
        <source>Also received:</source>
        <translation>另外收到：</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="240" />
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="241" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="242" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="243" />
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencemodel.cpp" line="244" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceRunner</name>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="150" />
        <source>expected %1, not seen within %2 s</source>
        <translation>预期 %1，但 %2 s 内未收到</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="265" />
        <source>cannot read the data file %1: %2</source>
        <translation>无法读取数据文件 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="278" />
        <source>not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="348" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="369" />
        <location filename="../modem/session/sequencerunner.cpp" line="417" />
        <source>as expected: %1</source>
        <translation>符合预期：%1</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="373" />
        <source>%1 — expected %2</source>
        <translation>%1 — 预期 %2</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="396" />
        <source>expected %1, got %2</source>
        <translation>预期 %1，实际为 %2</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="397" />
        <source>expected %1, got %2: %3</source>
        <translation>预期 %1，实际为 %2：%3</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="473" />
        <source>stopped; the command still finishes on the channel</source>
        <translation>已停止；该命令仍会在通道上执行完毕</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="473" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="501" />
        <source>the step has no command</source>
        <translation>该步骤没有命令</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="503" />
        <source>a command is one line: it holds a line break</source>
        <translation>命令只能占一行：其中包含换行符</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/session/sequencerunner.cpp" line="508" />
        <source>this command asks for no data, so the step's %n byte(s) of data would not be sent</source>
        <translation>
            <numerusform>该命令不需要数据，因此该步骤的 %n 字节数据不会被发送</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="514" />
        <location filename="../modem/session/sequencerunner.cpp" line="528" />
        <source>the command declares %1 bytes of data, the step has %2 (write {size} to use the data's length)</source>
        <translation>命令声明了 %1 字节数据，而该步骤有 %2 字节（写 {size} 可使用数据的实际长度）</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="521" />
        <source>the data holds Ctrl+Z (0x1A), which would end it early</source>
        <translation>数据中包含 Ctrl+Z（0x1A），会使数据提前结束</translation>
    </message>
    <message>
        <location filename="../modem/session/sequencerunner.cpp" line="525" />
        <source>no data to upload</source>
        <translation>没有要上传的数据</translation>
    </message>
</context>
<context>
    <name>qmt::session::Session</name>
    <message>
        <location filename="../modem/session/session.cpp" line="38" />
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/session.cpp" line="45" />
        <source>%1 open at %2 baud</source>
        <translation>%1 已打开，波特率 %2</translation>
    </message>
    <message>
        <location filename="../modem/session/session.cpp" line="60" />
        <source>%1 closed</source>
        <translation>%1 已关闭</translation>
    </message>
    <message>
        <location filename="../modem/session/session.cpp" line="76" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/session.cpp" line="90" />
        <source>%1 lost (%2); waiting for it to come back</source>
        <translation>%1 已断开（%2）；正在等待其恢复</translation>
    </message>
    <message>
        <location filename="../modem/session/session.cpp" line="91" />
        <source>%1 lost (%2)</source>
        <translation>%1 已断开（%2）</translation>
    </message>
    <message>
        <location filename="../modem/session/session.cpp" line="120" />
        <location filename="../modem/session/session.cpp" line="135" />
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
</context>
<context>
    <name>qmt::session::TlsProvisioner</name>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="121" />
        <source>all supported suites</source>
        <translation>所有支持的加密套件</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="221" />
        <source>Choose the %1 file.</source>
        <translation>请选择%1文件。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="225" />
        <location filename="../modem/session/tlsprovisioner.cpp" line="233" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="228" />
        <source>Give the %1 a name on the module.</source>
        <translation>请为%1指定在模块上的文件名。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="238" />
        <source>The %1 and the %2 have the same name on the module, %3.</source>
        <translation>%1和%2在模块上同名：%3。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="249" />
        <source>The upload timeout must be 1-%1 s.</source>
        <translation>上传超时必须为 1-%1 s。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="258" />
        <source>Security level 0 checks no certificate: anyone can pretend to be the server.</source>
        <translation>安全级别 0 不检查任何证书：任何人都可以冒充服务器。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="265" />
        <source>Client slot %1 is open (%2:%3): the module refuses AT+QMTCFG while a connection exists. Disconnect and close it first.</source>
        <translation>客户端 %1 已打开（%2:%3）：存在连接时模块拒绝执行 AT+QMTCFG。请先断开并关闭该客户端。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="281" />
        <source>The module already holds %1 (%2 bytes): you will be asked whether to replace it.</source>
        <translation>模块上已有 %1（%2 字节）：稍后会询问是否替换。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="286" />
        <source>Files in RAM: are lost when the module restarts: run the wizard again after a restart, or use UFS: names.</source>
        <translation>RAM: 中的文件在模块重启后会丢失：重启后请重新运行向导，或使用 UFS: 文件名。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="414" />
        <source>The command could not be built.</source>
        <translation>无法生成命令。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="421" />
        <source>The port is not open.</source>
        <translation>串口未打开。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="461" />
        <source>Could not delete %1 on the module: %2</source>
        <translation>无法删除模块上的 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="485" />
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="520" />
        <source>The module received only %1 of %2 bytes of %3 before its timeout (+CME ERROR: 421). Check the flow control and the baud rate, or raise the upload timeout.</source>
        <translation>模块在超时前只收到了 %3 的 %2 字节中的 %1 字节（+CME ERROR: 421）。请检查流控和波特率，或加大上传超时。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="526" />
        <source>The upload of %1 timed out on the module (+CME ERROR: 421).</source>
        <translation>%1 在模块上上传超时（+CME ERROR: 421）。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="532" />
        <source>+CME ERROR: %1, %2</source>
        <translation>+CME ERROR: %1, %2</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="538" />
        <location filename="../modem/session/tlsprovisioner.cpp" line="550" />
        <source>Uploading %1 as %2 failed: %3</source>
        <translation>将 %1 上传为 %2 失败：%3</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="543" />
        <source>Uploading %1 as %2 failed: ERROR, without a reason. The file may exist already; AT+CMEE=2 makes the module say why.</source>
        <translation>将 %1 上传为 %2 失败：ERROR，未给出原因。该文件可能已存在；AT+CMEE=2 可让模块给出原因。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="558" />
        <source>The module answered OK to the upload of %1 without +QFUPL: &lt;size&gt;,&lt;checksum&gt;: it cannot be verified.</source>
        <translation>模块对 %1 的上传返回 OK，但没有 +QFUPL: &lt;size&gt;,&lt;checksum&gt;：无法校验。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="571" />
        <source>The module stored %1 with %2 bytes and checksum %3, but the file has %4 bytes and checksum %5: the data was damaged on the way. Check the flow control and the baud rate, then try again.</source>
        <translation>模块存储的 %1 为 %2 字节、校验和 %3，但文件为 %4 字节、校验和 %5：数据在传输中损坏。请检查流控和波特率后重试。</translation>
    </message>
    <message>
        <location filename="../modem/session/tlsprovisioner.cpp" line="610" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>qmt::session::Script</name>
    <message>
        <location filename="../modem/workflows/script.cpp" />
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" />
        <source>data on a '&gt;' line, but the command before it takes none</source>
        <translation>'&gt;' 行上有数据，但它前面的命令不接受数据</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" />
        <source>the command on line %1 declares %2 bytes of data, this line has %3</source>
        <translation>第 %1 行的命令声明了 %2 字节数据，而此行有 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" />
        <source>the command needs its data on a '&gt;' line after it</source>
        <translation>该命令需要在其后的 '&gt;' 行中提供数据</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" />
        <source>file uploads cannot be scripted here; use the TLS wizard</source>
        <translation>此处无法用脚本上传文件；请使用 TLS 向导</translation>
    </message>
</context>
<context>
    <name>qmt::sim::DemoModule</name>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="33" />
        <source>The demo's MQTT broker did not start: %1</source>
        <translation>演示模式的 MQTT 服务器未能启动：%1</translation>
    </message>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="45" />
        <source>The demo module has no pseudo-terminal: %1</source>
        <translation>演示模块没有伪终端：%1</translation>
    </message>
</context>
<context>
    <name>qmt::sim::PtyServer</name>
    <message>
        <location filename="../modem/sim/ptyserver.cpp" line="47" />
        <source>cannot create a pseudo-terminal: %1</source>
        <translation>无法创建伪终端：%1</translation>
    </message>
    <message>
        <location filename="../modem/sim/ptyserver.cpp" line="88" />
        <source>cannot create the link %1</source>
        <translation>无法创建链接 %1</translation>
    </message>
</context>
<context>
    <name>qmt::sim::SimModule</name>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="1716" />
        <source>  drop &lt;idx&gt;            the slot's broker link breaks: +QMTSTAT: &lt;idx&gt;,1 (the broker sends the will)
  noping &lt;idx&gt;          pings go unanswered: +QMTSTAT: &lt;idx&gt;,2 after the qmtping interval
  refuse &lt;idx&gt; &lt;code&gt;   the next AT+QMTCONN gets CONNACK &lt;code&gt; (2, 4 or 5), then +QMTSTAT: &lt;idx&gt;,4
  dns &lt;idx&gt;             the next AT+QMTOPEN fails to resolve: +QMTOPEN: &lt;idx&gt;,4
  pdp &lt;idx&gt;             the next AT+QMTOPEN fails to activate PDP: +QMTOPEN: &lt;idx&gt;,3
  tls &lt;idx&gt;             the next AT+QMTOPEN fails its TLS handshake: +QMTOPEN: &lt;idx&gt;,-1
  slow &lt;ms&gt;             every answer leaves &lt;ms&gt; later (0 to stop)
  urcfirst on|off       result URCs before OK (+QMTOPEN: 0,0 then OK)
  garbage [text]        bytes that are not AT traffic on the line
  reboot                the module restarts: RDY … APP RDY, all slots gone, echo on
</source>
        <translation>  drop &lt;idx&gt;            该客户端与服务器的连接断开：+QMTSTAT: &lt;idx&gt;,1（服务器发送遗嘱消息）
  noping &lt;idx&gt;          Ping 得不到响应：经过 qmtping 间隔后报 +QMTSTAT: &lt;idx&gt;,2
  refuse &lt;idx&gt; &lt;code&gt;   下一次 AT+QMTCONN 收到 CONNACK &lt;code&gt;（2、4 或 5），随后报 +QMTSTAT: &lt;idx&gt;,4
  dns &lt;idx&gt;             下一次 AT+QMTOPEN 域名解析失败：+QMTOPEN: &lt;idx&gt;,4
  pdp &lt;idx&gt;             下一次 AT+QMTOPEN 激活 PDP 失败：+QMTOPEN: &lt;idx&gt;,3
  tls &lt;idx&gt;             下一次 AT+QMTOPEN TLS 握手失败：+QMTOPEN: &lt;idx&gt;,-1
  slow &lt;ms&gt;             每个应答延迟 &lt;ms&gt; 毫秒发出（0 表示取消延迟）
  urcfirst on|off       结果 URC 先于 OK 发出（先 +QMTOPEN: 0,0 再 OK）
  garbage [text]        在线路上发送非 AT 通信的字节
  reboot                模块重启：RDY … APP RDY，所有客户端清空，回显打开
</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="1734" />
        <source>empty fault command</source>
        <translation>故障命令为空</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="1739" />
        <source>%1 needs a client index 0-5</source>
        <translation>%1 需要客户端索引 0-5</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="1752" />
        <source>refuse needs a client index 0-5 and a CONNACK code 1-5</source>
        <translation>refuse 需要客户端索引 0-5 和 CONNACK 返回码 1-5</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="1762" />
        <source>slow needs a delay in milliseconds</source>
        <translation>slow 需要以毫秒为单位的延迟</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="1767" />
        <source>urcfirst needs on or off</source>
        <translation>urcfirst 需要 on 或 off</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="1774" />
        <source>unknown fault %1</source>
        <translation>未知故障 %1</translation>
    </message>
</context>
<context>
    <name>qmt::spec</name>
    <message>
        <location filename="../modem/at/spec.cpp" line="21" />
        <source>The connection was closed or reset by the server</source>
        <translation>连接被服务器断开或者重置</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="22" />
        <source>Reopen the network with AT+QMTOPEN.</source>
        <translation>执行命令 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="23" />
        <source>Sending PINGREQ timed out or failed</source>
        <translation>发送 PINGREQ 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="24" />
        <source>Deactivate and reactivate the PDP context (AT+QIDEACT, AT+QIACT), then reopen with AT+QMTOPEN.</source>
        <translation>首先反激活 PDP（AT+QIDEACT），然后再激活 PDP（AT+QIACT）并用 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="27" />
        <source>Sending CONNECT timed out or failed</source>
        <translation>发送 CONNECT 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="28" />
        <location filename="../modem/at/spec.cpp" line="32" />
        <source>Check the user name and password and that the client ID is not in use, then reopen with AT+QMTOPEN and connect again.</source>
        <translation>1. 查看输入的用户名和密码是否正确。2. 确保客户端 ID 未被占用。3. 用 AT+QMTOPEN 重建 MQTT 连接，并尝试再次发送 CONNECT 包到服务器。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="31" />
        <source>Receiving CONNACK timed out or failed</source>
        <translation>接收 CONNACK 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="36" />
        <source>The client sent DISCONNECT and the server closed the link (normal sequence)</source>
        <translation>客户端向服务器发送 DISCONNECT 包，服务器主动断开 MQTT 连接（正常流程）</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="39" />
        <source>Sending packets kept failing, so the client disconnected</source>
        <translation>因为发送数据包总是失败，客户端主动断开 MQTT 连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="40" />
        <source>Check the data; the network may be congested. Reopen with AT+QMTOPEN and connect again.</source>
        <translation>1. 确保数据正确。2. 可能因为网络拥堵或者其他错误，尝试用 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="43" />
        <source>The link is not working or the server is unavailable</source>
        <translation>链路不工作或者服务器不可用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="44" />
        <source>Check that the link and the server are available.</source>
        <translation>确保当前链路或者服务器可用。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="45" />
        <source>The client disconnected actively</source>
        <translation>客户端主动断开 MQTT 连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="46" />
        <source>Reconnect: AT+QMTOPEN, then AT+QMTCONN.</source>
        <translation>尝试重建连接：AT+QMTOPEN，然后 AT+QMTCONN。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="51" />
        <source>Failed to open the network</source>
        <translation>打开网络失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="52" />
        <source>Check the host, the port and the PDP context. A failed TLS handshake also shows as -1: check the SSL context (certificates, seclevel, SNI, time).</source>
        <translation>检查服务器地址、端口和 PDP 上下文。TLS 握手失败也会报 -1：请检查 SSL 上下文（证书、seclevel、SNI、时间）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="55" />
        <source>Network opened</source>
        <translation>打开网络成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="56" />
        <source>Wrong parameter</source>
        <translation>参数错误</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="57" />
        <source>Check the host name and the port.</source>
        <translation>检查服务器地址和端口。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="58" />
        <source>The client index is occupied</source>
        <translation>MQTT 标识符被占用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="59" />
        <source>Close the slot with AT+QMTCLOSE first, or use another client index.</source>
        <translation>先用 AT+QMTCLOSE 关闭该客户端，或使用其他 client_idx。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="60" />
        <source>Failed to activate the PDP context</source>
        <translation>激活 PDP 失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="61" />
        <source>Check the APN (AT+QICSGP) and activate the context named by "pdpcid" with AT+QIACT.</source>
        <translation>检查 APN（AT+QICSGP），并用 AT+QIACT 激活 "pdpcid" 指定的上下文。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="64" />
        <source>Failed to resolve the domain name</source>
        <translation>域名解析失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="65" />
        <source>Check the host name and the DNS servers; try the IP address.</source>
        <translation>检查域名和 DNS 服务器；可尝试直接使用 IP 地址。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="66" />
        <source>The network was disconnected</source>
        <translation>网络断开导致错误</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="67" />
        <source>Check the network registration and the PDP context, then reopen.</source>
        <translation>检查网络注册和 PDP 上下文，然后重新打开。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="72" />
        <source>Failed to close or disconnect</source>
        <translation>关闭或断开失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="73" />
        <source>Query the slot with AT+QMTOPEN? and AT+QMTCONN?, then retry.</source>
        <translation>用 AT+QMTOPEN? 和 AT+QMTCONN? 查询该客户端后重试。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="74" />
        <source>Closed or disconnected</source>
        <translation>关闭或断开成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="80" />
        <source>Packet sent and acknowledged by the server (QoS 0 needs no acknowledgement)</source>
        <translation>数据包发送成功且接收到服务器的 ACK（QoS 0 无需 ACK）</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="83" />
        <source>Packet is being retransmitted</source>
        <translation>数据包重传</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="84" />
        <source>The server has not acknowledged yet; check the connection and wait.</source>
        <translation>服务器尚未确认；请检查连接并等待。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="85" />
        <source>Failed to send the packet</source>
        <translation>数据包发送失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="86" />
        <source>Check the connection (AT+QMTCONN?) and the "timeout" configuration, then reconnect.</source>
        <translation>检查连接（AT+QMTCONN?）和 "timeout" 配置，然后重新连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="93" />
        <source>Connection accepted</source>
        <translation>接受连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="94" />
        <source>Connection refused: unacceptable protocol version</source>
        <translation>拒绝连接：不接受的协议版本</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="95" />
        <source>Set the protocol version with AT+QMTCFG="version" (3 = MQTT 3.1, 4 = MQTT 3.1.1).</source>
        <translation>用 AT+QMTCFG="version" 设置协议版本（3 = MQTT 3.1，4 = MQTT 3.1.1）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="97" />
        <source>Connection refused: identifier rejected</source>
        <translation>拒绝连接：标识符被拒绝</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="98" />
        <source>Use a client ID the server accepts.</source>
        <translation>使用服务器接受的客户端 ID。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="99" />
        <source>Connection refused: server unavailable</source>
        <translation>拒绝连接：服务器不可用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="100" />
        <source>Check the server and retry later.</source>
        <translation>检查服务器并稍后重试。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="101" />
        <source>Connection refused: bad user name or password</source>
        <translation>拒绝连接：错误的用户名或密码</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="102" />
        <source>Check the user name and password (or the "aliauth" credentials).</source>
        <translation>检查用户名和密码（或 "aliauth" 设备信息）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="103" />
        <source>Connection refused: not authorized</source>
        <translation>拒绝连接：未授权</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="104" />
        <source>Check the credentials, the certificates and the server's policy for this client ID.</source>
        <translation>检查凭证、证书以及服务器对该客户端 ID 的策略。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="110" />
        <source>MQTT initializing</source>
        <translation>MQTT 初始化</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="111" />
        <source>MQTT connecting</source>
        <translation>MQTT 正在连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="112" />
        <source>MQTT connected</source>
        <translation>MQTT 已经连接成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="113" />
        <source>MQTT disconnecting</source>
        <translation>MQTT 正在断开连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="118" />
        <source>Invalid input value</source>
        <translation>输入值无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="119" />
        <source>Larger than the file</source>
        <translation>超出文件大小</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="120" />
        <source>Read zero bytes</source>
        <translation>读取到零字节</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="121" />
        <source>Drive full</source>
        <translation>存储已满</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="122" />
        <location filename="../modem/at/spec.cpp" line="139" />
        <source>Delete files with AT+QFDEL; AT+QFLDS shows the free space.</source>
        <translation>用 AT+QFDEL 删除文件；AT+QFLDS 可查看剩余空间。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="123" />
        <source>File not found</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="124" />
        <source>Check the name and its RAM:/UFS: prefix with AT+QFLST="*".</source>
        <translation>用 AT+QFLST="*" 检查文件名及其 RAM:/UFS: 前缀。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="125" />
        <source>Invalid file name</source>
        <translation>文件名无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="126" />
        <source>Use at most 80 bytes, optionally prefixed with RAM: or UFS:.</source>
        <translation>文件名最多 80 字节，可加 RAM: 或 UFS: 前缀。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="127" />
        <source>File already exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="128" />
        <source>Delete it first with AT+QFDEL or choose another name.</source>
        <translation>先用 AT+QFDEL 删除该文件，或换一个文件名。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="129" />
        <source>Failed to write the file</source>
        <translation>写文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="130" />
        <source>Failed to open the file</source>
        <translation>打开文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="131" />
        <source>Failed to read the file</source>
        <translation>读文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="132" />
        <source>Too many open files</source>
        <translation>打开的文件过多</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="133" />
        <source>Read-only file</source>
        <translation>只读文件</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="134" />
        <source>Invalid file descriptor</source>
        <translation>文件描述符无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="135" />
        <source>Failed to list the files</source>
        <translation>列出文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="136" />
        <source>Failed to delete the file</source>
        <translation>删除文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="137" />
        <source>Failed to get the disk information</source>
        <translation>获取存储信息失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="138" />
        <source>No space</source>
        <translation>空间不足</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="140" />
        <source>Time-out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="141" />
        <source>Send exactly the declared number of bytes before the timeout, or raise the timeout. The module keeps what it received: check +QFUPL and delete the partial file.</source>
        <translation>在超时前发送与声明相同的字节数，或加大超时时间。模块会保留已收到的数据：请检查 +QFUPL 并删除不完整的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="144" />
        <source>File too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="145" />
        <source>Invalid parameter</source>
        <translation>参数无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="146" />
        <source>File already open</source>
        <translation>文件已打开</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="147" />
        <source>Close the file before using it again.</source>
        <translation>请先关闭该文件再使用。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="152" />
        <source>The keep-alive ping failed; the connection is closed</source>
        <translation>保活 Ping 失败；连接已关闭</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="153" />
        <source>Reopen with AT+QMTOPEN and connect again; check the network and the keep-alive time.</source>
        <translation>用 AT+QMTOPEN 重新打开并重新连接；检查网络和保活时间。</translation>
    </message>
</context>
<context>
    <name>qmt::state</name>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="52" />
        <location filename="../modem/state/slotstore.cpp" line="53" />
        <source>+CME ERROR: %1</source>
        <translation>+CME ERROR: %1</translation>
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="55" />
        <source>The module answered ERROR</source>
        <translation>模块返回 ERROR</translation>
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="57" />
        <source>No answer within the command's response time</source>
        <translation>未在命令的最大响应时间内收到回复</translation>
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="62" />
        <source>Result code %1 (not in the specification)</source>
        <translation>结果码 %1（规范中未定义）</translation>
    </message>
</context>
<context>
    <name>qmt::state::MessageModel</name>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="147" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="147" />
        <source>incomplete</source>
        <translation>不完整</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="154" />
        <source>Read from buffer %1 (receive mode 1)</source>
        <translation>读取自接收缓存 %1（接收模式 1）</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="156" />
        <source>&lt;payload_len&gt; %1</source>
        <translation>&lt;payload_len&gt; %1</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="189" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="191" />
        <source>Msg ID</source>
        <translation>消息 ID</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="193" />
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="195" />
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="197" />
        <source>Payload</source>
        <translation>负载</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="199" />
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="241" />
        <source>Not JSON: %1 at byte %2</source>
        <translation>不是 JSON：%1（第 %2 字节处）</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="277" />
        <source>Turn on msg_len_enable so that the module states each payload's length: AT+QMTCFG="recv/mode",%1,%2,1 (while the slot is not connected).</source>
        <translation>打开 msg_len_enable，使模块给出每条负载的长度：AT+QMTCFG="recv/mode",%1,%2,1（需在客户端未连接时设置）。</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="282" />
        <source>The payload may be cut: the +QMTRECV had no &lt;payload_len&gt;, so a payload that spans lines ends at the first line end. %1</source>
        <translation>负载可能被截断：+QMTRECV 中没有 &lt;payload_len&gt;，因此跨行的负载在第一个行尾处就结束了。%1</translation>
    </message>
    <message>
        <location filename="../modem/state/messagemodel.cpp" line="285" />
        <source>The payload may be cut: it did not end where its &lt;payload_len&gt; of %1 bytes said, so it was taken up to the line end (%2 bytes).</source>
        <translation>负载可能被截断：它没有在 &lt;payload_len&gt; 所示的 %1 字节处结束，因此一直截取到行尾（%2 字节）。</translation>
    </message>
</context>
<context>
    <name>qmt::state::SlotTableModel</name>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="63" />
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="64" />
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="65" />
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="66" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="74" />
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="75" />
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="76" />
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="77" />
        <source>disconnecting</source>
        <translation>正在断开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="78" />
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="97" />
        <source>context %1</source>
        <translation>上下文 %1</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="97" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="134" />
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="135" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="136" />
        <source>Host:port</source>
        <translation>服务器:端口</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="137" />
        <source>MQTT</source>
        <translation>MQTT</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="138" />
        <source>Client ID</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="139" />
        <source>SSL</source>
        <translation>SSL</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="140" />
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="141" />
        <source>In flight</source>
        <translation>传输中</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="142" />
        <source>Stored</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="143" />
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="144" />
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="145" />
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
</context>
<context>
    <name>qmt::state::SubscriptionModel</name>
    <message>
        <location filename="../modem/state/subscriptionmodel.cpp" line="112" />
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../modem/state/subscriptionmodel.cpp" line="117" />
        <source>The server granted a lower QoS than requested</source>
        <translation>服务器授予的 QoS 低于请求的 QoS</translation>
    </message>
    <message>
        <location filename="../modem/state/subscriptionmodel.cpp" line="136" />
        <source>Topic filter</source>
        <translation>主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/state/subscriptionmodel.cpp" line="138" />
        <source>Requested QoS</source>
        <translation>请求的 QoS</translation>
    </message>
    <message>
        <location filename="../modem/state/subscriptionmodel.cpp" line="140" />
        <source>Granted QoS</source>
        <translation>授予的 QoS</translation>
    </message>
</context>
<context>
    <name>qmt::state::TrafficExporter</name>
    <message>
        <location filename="../modem/state/trafficexport.cpp" line="54" />
        <source>An export is already running</source>
        <translation>已有导出正在进行</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficexport.cpp" line="59" />
        <location filename="../modem/state/trafficexport.cpp" line="111" />
        <location filename="../modem/state/trafficexport.cpp" line="122" />
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficexport.cpp" line="70" />
        <source>The traffic changed (cleared or filtered) during the export</source>
        <translation>导出期间通信记录发生了变化（被清除或过滤）</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficexport.cpp" line="78" />
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficexport.cpp" line="97" />
        <source>The traffic went away during the export</source>
        <translation>导出期间通信记录已不存在</translation>
    </message>
</context>
<context>
    <name>qmt::state::TrafficModel</name>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="134" />
        <source>command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="135" />
        <source>echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="136" />
        <source>prompt</source>
        <translation>提示符</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="137" />
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="138" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="139" />
        <source>ERROR</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="140" />
        <source>CME ERROR</source>
        <translation>CME ERROR</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="141" />
        <source>CONNECT</source>
        <translation>CONNECT</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="142" />
        <source>response</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="143" />
        <source>URC</source>
        <translation>URC</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="144" />
        <source>boot</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="145" />
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="146" />
        <source>not AT</source>
        <translation>非 AT</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="185" />
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="185" />
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="193" />
        <source> … (cut for display)</source>
        <translation> …（显示已截断）</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="212" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="213" />
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="214" />
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="215" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="216" />
        <source>Text</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConnectBar</name>
    <message>
        <location filename="../ui/connectbar.cpp" line="199" />
        <source>Demo: simulated Quectel module (%1)</source>
        <translation>演示：模拟的 Quectel 模块（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="202" />
        <source>%1 [Quectel]</source>
        <translation>%1 [Quectel]</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="235" />
        <source>Description: %1</source>
        <translation>描述：%1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="237" />
        <source>Manufacturer: %1</source>
        <translation>制造商：%1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="239" />
        <source>Serial number: %1</source>
        <translation>序列号：%1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="241" />
        <source>USB %1:%2</source>
        <translation>USB %1:%2</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="243" />
        <source>USB interface %1</source>
        <translation>USB 接口 %1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="245" />
        <source>Quectel module: this is its AT command interface</source>
        <translation>Quectel 模块：这是其 AT 命令接口</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="246" />
        <source>Quectel module: not its AT command interface (that is usually interface 2)</source>
        <translation>Quectel 模块：不是其 AT 命令接口（AT 命令接口通常为接口 2）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="277" />
        <source>&amp;Close Port</source>
        <translation>关闭串口(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="277" />
        <source>&amp;Open Port</source>
        <translation>打开串口(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="278" />
        <source>Close %1 (%2)</source>
        <translation>关闭 %1（%2）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="279" />
        <source>Open the chosen port (%1)</source>
        <translation>打开所选串口（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="280" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="280" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="285" />
        <source>&amp;Port:</source>
        <translation>串口(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="286" />
        <source>Serial ports with their USB identity; Quectel modules in bold, their AT interface first</source>
        <translation>串口及其 USB 标识；Quectel 模块以粗体显示，其 AT 接口排在最前</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="287" />
        <source>No serial port found: plug a module in, or try File → Demo Mode (%1)</source>
        <translation>未找到串口：请插入模块，或尝试 文件 → 演示模式（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="289" />
        <source>&amp;Rescan Ports</source>
        <translation>重新扫描串口(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="290" />
        <source>Look for serial ports again (%1)</source>
        <translation>重新查找串口（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="291" />
        <source>&amp;Baud:</source>
        <translation>波特率(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="292" />
        <source>Bits per second; Quectel modules use 115200 by default</source>
        <translation>每秒比特数；Quectel 模块默认使用 115200</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="293" />
        <source>&amp;Flow:</source>
        <translation>流控(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="294" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="295" />
        <source>Hardware (RTS/CTS)</source>
        <translation>硬件（RTS/CTS）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="296" />
        <source>Software (XON/XOFF)</source>
        <translation>软件（XON/XOFF）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="297" />
        <source>Reopen when it comes back</source>
        <translation>恢复后重新打开</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="298" />
        <source>When the port disappears (cable pulled, module restarting), open it again as soon as it is back</source>
        <translation>串口消失时（拔掉线缆、模块重启），一旦恢复立即重新打开</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConsoleDelegate</name>
    <message>
        <location filename="../ui/consoleview.cpp" line="88" />
        <source>(nothing)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConsolePanel</name>
    <message>
        <location filename="../ui/consolepanel.cpp" line="138" />
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="138" />
        <source>Show the bytes of each frame in hexadecimal</source>
        <translation>以十六进制显示每帧的字节</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="142" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="142" />
        <source>Show when each frame was sent or received</source>
        <translation>显示每帧的发送或接收时间</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="147" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="150" />
        <source>Clear the console (Ctrl+L); the Traffic tab keeps every frame</source>
        <translation>清除控制台（Ctrl+L）；通信记录标签页保留所有帧</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="174" />
        <source>Append CR LF</source>
        <translation>追加 CR LF</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="176" />
        <source>Add a carriage return and line feed to the data (they count as two bytes)</source>
        <translation>在数据末尾加上回车和换行（计为两个字节）</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="187" />
        <location filename="../ui/consolepanel.cpp" line="325" />
        <source>AT command, e.g. AT+QMTOPEN?</source>
        <translation>AT 命令，例如 AT+QMTOPEN?</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="198" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="200" />
        <source>Send the command (Enter)</source>
        <translation>发送命令（Enter）</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="284" />
        <location filename="../ui/consolepanel.cpp" line="300" />
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="319" />
        <source>The module waits for the data of %1</source>
        <translation>模块正在等待 %1 的数据</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="322" />
        <source>Data to write after the prompt</source>
        <translation>在提示符后写入的数据</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/consolepanel.cpp" line="343" />
        <source>%n byte(s) typed; Ctrl+Z is added to end the data</source>
        <translation>
            <numerusform>已输入 %n 字节；将追加 Ctrl+Z 以结束数据</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="345" />
        <source>%1 of %2 bytes declared</source>
        <translation>%1 / %2 字节（声明长度）</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="347" />
        <source>%1 of %2 bytes declared: the module waits for %3 more</source>
        <translation>%1 / %2 字节（声明长度）：模块还在等待 %3 字节</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="353" />
        <source>%1 of %2 bytes declared: the module drops the last %3</source>
        <translation>%1 / %2 字节（声明长度）：模块将丢弃最后 %3 字节</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/consolepanel.cpp" line="360" />
        <source>(%n byte(s) written already)</source>
        <translation>
            <numerusform>（已写入 %n 字节）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="375" />
        <source>Enter writes the data exactly as typed; the module answers OK and a result URC.</source>
        <translation>按 Enter 将数据按输入原样写入；模块会返回 OK 和一条结果 URC。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="382" />
        <source>Type an AT command: names complete as you type, ↑ and ↓ recall earlier commands, Enter sends.</source>
        <translation>输入 AT 命令：输入时自动补全命令名，↑ 和 ↓ 调出历史命令，Enter 发送。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="392" />
        <source>A command QMT Scope has no syntax for: it is sent as typed.</source>
        <translation>QMT Scope 不了解此命令的语法：将按输入原样发送。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="393" />
        <source>Not an AT command: written to the module as typed.</source>
        <translation>不是 AT 命令：将按输入原样写入模块。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::DashboardPanel</name>
    <message>
        <location filename="../ui/dashboard.cpp" line="26" />
        <source>MQTT client slots</source>
        <translation>MQTT 客户端</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="128" />
        <source>Open the module's serial port, or start the demo, to use the slots.</source>
        <translation>打开模块的串口或启动演示模式后，即可使用各客户端。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="140" />
        <source>Next: “Publish…” to a topic you subscribed to; the message comes back to the slot.</source>
        <translation>下一步：对已订阅的主题“发布…”；消息会回到该客户端。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="142" />
        <source>Next: “Subscribe…” to a topic, then publish to it.</source>
        <translation>下一步：“订阅…”一个主题，然后向其发布消息。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="144" />
        <source>Next: “Connect…” the slot to the broker as an MQTT client.</source>
        <translation>下一步：“连接…”，让该客户端作为 MQTT 客户端连接到服务器。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="146" />
        <source>Start with “Open network…” on a slot, then connect, subscribe and publish; click a slot for its messages.</source>
        <translation>先在某个客户端上点击“打开网络…”，然后连接、订阅和发布；点击客户端可查看其消息。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::FaultMenu</name>
    <message>
        <location filename="../ui/faultmenu.cpp" line="44" />
        <source>slot %1's broker link dropped</source>
        <translation>客户端 %1 与服务器的连接已断开</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="49" />
        <source>slot %1's pings go unanswered</source>
        <translation>客户端 %1 的 Ping 不再得到响应</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="57" />
        <source>slot %1 refuses its next CONNECT with code %2</source>
        <translation>客户端 %1 的下一次 CONNECT 将以返回码 %2 被拒绝</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="68" />
        <source>slot %1's next open fails: %2</source>
        <translation>客户端 %1 下一次打开网络将失败：%2</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="83" />
        <source>the module answers %1 ms late</source>
        <translation>模块延迟 %1 ms 应答</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="83" />
        <source>the module answers at once</source>
        <translation>模块立即应答</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="90" />
        <source>result URCs now come before OK</source>
        <translation>结果 URC 现在先于 OK 发出</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="90" />
        <source>result URCs now come after OK</source>
        <translation>结果 URC 现在在 OK 之后发出</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="95" />
        <source>garbage sent on the line</source>
        <translation>已在线路上发送垃圾数据</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="99" />
        <source>the module restarts</source>
        <translation>模块重启</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="142" />
        <source>Fault injected: %1</source>
        <translation>已注入故障：%1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="147" />
        <source>F&amp;aults</source>
        <translation>故障(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="148" />
        <source>&amp;Target Slot: %1</source>
        <translation>目标客户端(&amp;T)：%1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="151" />
        <source>Slot &amp;%1</source>
        <translation>客户端 &amp;%1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="152" />
        <source>&amp;Drop the Broker Link</source>
        <translation>断开与服务器的连接(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="153" />
        <source>The connection to the broker breaks: +QMTSTAT: %1,1</source>
        <translation>与服务器的连接断开：+QMTSTAT: %1,1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="154" />
        <source>Stop Answering &amp;Pings</source>
        <translation>停止响应 Ping(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="155" />
        <source>The broker stops answering PINGREQ: +QMTSTAT: %1,2 after the ping interval</source>
        <translation>服务器停止响应 PINGREQ：经过 Ping 间隔后报 +QMTSTAT: %1,2</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="156" />
        <source>&amp;Refuse the Next CONNECT</source>
        <translation>拒绝下一次 CONNECT(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="160" />
        <source>Code &amp;%1: %2</source>
        <translation>返回码 &amp;%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="162" />
        <source>Next Open Fails: &amp;DNS</source>
        <translation>下一次打开网络失败：&amp;DNS</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="164" />
        <source>Next Open Fails: P&amp;DP Context</source>
        <translation>下一次打开网络失败：P&amp;DP 上下文</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="166" />
        <source>Next Open Fails: &amp;TLS Handshake</source>
        <translation>下一次打开网络失败：&amp;TLS 握手</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="168" />
        <source>&amp;Slow Responses</source>
        <translation>慢速应答(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="171" />
        <source>%1 ms Late</source>
        <translation>延迟 %1 ms</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="171" />
        <source>&amp;Off</source>
        <translation>关闭(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="172" />
        <source>Result &amp;URC Before OK</source>
        <translation>结果 &amp;URC 先于 OK</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="173" />
        <source>Send &amp;Garbage</source>
        <translation>发送垃圾数据(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="174" />
        <source>Re&amp;boot the Module</source>
        <translation>重启模块(&amp;B)</translation>
    </message>
</context>
<context>
    <name>qmt::ui::FormWidget</name>
    <message>
        <location filename="../ui/formwidget.cpp" line="284" />
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="285" />
        <source>Read back</source>
        <translation>回读</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="287" />
        <source>The command with the value omitted: the module answers with what it holds</source>
        <translation>省略参数值的命令：模块返回其当前保存的值</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="291" />
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="295" />
        <source>A secret: shown masked and never remembered</source>
        <translation>机密信息：以掩码显示，且从不保存</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="298" />
        <source>This command has no parameters.</source>
        <translation>此命令没有参数。</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="299" />
        <source>AT text:</source>
        <translation>AT 文本：</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="300" />
        <source>Correct the marked field to see the command</source>
        <translation>请更正标记的字段以查看命令</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="301" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="302" />
        <source>Add to sequence</source>
        <translation>添加到序列</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="303" />
        <source>Append this command to the sequence, expecting its success answer</source>
        <translation>将此命令追加到序列，预期结果为成功应答</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="425" />
        <source>%1 is not valid hex: write two digits per byte</source>
        <translation>%1 不是有效的 hex：每个字节写两位数字</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="462" />
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="465" />
        <source>Range reported by the module</source>
        <translation>模块报告的范围</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="466" />
        <source>Range from the specification</source>
        <translation>规范中的范围</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="496" />
        <source>Bytes sent after CONNECT: %1</source>
        <translation>CONNECT 之后发送的字节：%1</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="497" />
        <source>Bytes written after the &gt; prompt: %1</source>
        <translation>在 &gt; 提示符后写入的字节：%1</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="505" />
        <source>This command cannot be built</source>
        <translation>无法生成此命令</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="512" />
        <source>Send to the module (Ctrl+Enter)</source>
        <translation>发送到模块（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="512" />
        <source>Open a port first</source>
        <translation>请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="522" />
        <location filename="../ui/formwidget.cpp" line="527" />
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="534" />
        <source>Sent; waiting for the answer…</source>
        <translation>已发送；正在等待应答…</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="556" />
        <source>Added as step %1 of the sequence; it expects %2</source>
        <translation>已添加为序列的步骤 %1；预期结果为 %2</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="568" />
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="569" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="570" />
        <source>Last result: %1 (%2)</source>
        <translation>上次结果：%1（%2）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::FormsPanel</name>
    <message>
        <location filename="../ui/formspanel.cpp" line="191" />
        <source>Search commands (Ctrl+F)</source>
        <translation>搜索命令（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="192" />
        <source>Configuration of client:</source>
        <translation>客户端配置：</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="193" />
        <source>The client (client_idx) whose AT+QMTCFG settings to read</source>
        <translation>要读取其 AT+QMTCFG 设置的客户端（client_idx）</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="194" />
        <source>Read from module</source>
        <translation>从模块读取</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="195" />
        <source>Read every AT+QMTCFG setting of this client back and fill the forms</source>
        <translation>读回此客户端的所有 AT+QMTCFG 设置并填入表单</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="291" />
        <source>Ranges: the module's</source>
        <translation>范围：来自模块</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="291" />
        <source>Ranges: the specification's</source>
        <translation>范围：来自规范</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="293" />
        <source>Inputs are limited by what the module answered to the test forms (=?)</source>
        <translation>输入受限于模块对测试命令（=?）的应答</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="294" />
        <source>Not connected: inputs are limited by PROTOCOL.md's ranges</source>
        <translation>未连接：输入受限于 PROTOCOL.md 中的范围</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="304" />
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="323" />
        <source>Nothing was sent</source>
        <translation>未发送任何内容</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="328" />
        <source>Reading the configuration of client %1…</source>
        <translation>正在读取客户端 %1 的配置…</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="342" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="358" />
        <source>The forms show the configuration of client %1 as the module holds it</source>
        <translation>表单显示的是模块中保存的客户端 %1 的配置</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="361" />
        <source>Read %1 of %2 settings of client %3; %4</source>
        <translation>已读取客户端 %3 的 %1/%2 项设置；%4</translation>
    </message>
</context>
<context>
    <name>qmt::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="218" />
        <source>About QMT Scope</source>
        <translation>关于 QMT Scope</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="219" />
        <source>&lt;h3&gt;QMT Scope %1&lt;/h3&gt;&lt;p&gt;A diagnostic tool for the MQTT AT commands of Quectel LTE modules (EC2x, EG2x, EG9x, EM05, EP200F): the six client slots live, every result and error code in words with its fix, command forms, sequences, TLS set-up, and a simulated module for demos.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;QMT Scope %1&lt;/h3&gt;&lt;p&gt;用于 Quectel LTE 模块（EC2x、EG2x、EG9x、EM05、EP200F）MQTT AT 命令的诊断工具：实时显示六个客户端的状态，以文字说明每个结果码和错误码及其解决方法，并提供命令表单、序列、TLS 配置，以及用于演示的模拟模块。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="257" />
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="258" />
        <source>Traffic</source>
        <translation>通信记录</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="259" />
        <source>Forms</source>
        <translation>表单</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="260" />
        <source>Sequences</source>
        <translation>序列</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="261" />
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="262" />
        <source>&amp;Connection Bar</source>
        <translation>连接栏(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="264" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="265" />
        <source>&amp;Demo Mode</source>
        <translation>演示模式(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="266" />
        <source>Start a simulated module with its own MQTT broker and connect to it</source>
        <translation>启动一个自带 MQTT 服务器的模拟模块并连接到它</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="267" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="269" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="270" />
        <source>&amp;Console</source>
        <translation>控制台(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="270" />
        <source>&amp;Traffic</source>
        <translation>通信记录(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="270" />
        <source>&amp;Forms</source>
        <translation>表单(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="270" />
        <source>&amp;Sequences</source>
        <translation>序列(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="273" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="277" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="278" />
        <source>&amp;TLS Wizard…</source>
        <translation>TLS 向导(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="279" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="280" />
        <source>&amp;About QMT Scope</source>
        <translation>关于 QMT Scope(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="281" />
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="283" />
        <source>QMT Scope — demo</source>
        <translation>QMT Scope — 演示</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="283" />
        <source>QMT Scope</source>
        <translation>QMT Scope</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="349" />
        <source>%1 does not exist</source>
        <translation>%1 不存在</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="361" />
        <source>Starting the demo: a simulated module and its MQTT broker…</source>
        <translation>正在启动演示：模拟模块及其 MQTT 服务器…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="367" />
        <source>Demo mode did not start: %1</source>
        <translation>演示模式未能启动：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="372" />
        <source>The demo's MQTT broker stopped; stop and start demo mode again</source>
        <translation>演示的 MQTT 服务器已停止；请停止并重新启动演示模式</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="398" />
        <source>Demo mode stopped</source>
        <translation>演示模式已停止</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="425" />
        <source>Playing %n command(s)…</source>
        <translation>
            <numerusform>正在执行 %n 条命令…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="437" />
        <source>Script finished: %n command(s) failed</source>
        <translation>
            <numerusform>脚本执行完毕：%n 条命令失败</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="438" />
        <source>Script finished: every command succeeded</source>
        <translation>脚本执行完毕：所有命令均成功</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="478" />
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="479" />
        <source>No port is open</source>
        <translation>未打开串口</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="482" />
        <source>Open: demo module</source>
        <translation>已打开：演示模块</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="482" />
        <source>Open: %1</source>
        <translation>已打开：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="483" />
        <source>%1 at %2 baud</source>
        <translation>%1，波特率 %2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="486" />
        <source>Lost: %1 (waiting for it)</source>
        <translation>已丢失：%1（等待恢复）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="486" />
        <source>Lost: %1</source>
        <translation>已丢失：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="499" />
        <source>Module: asking…</source>
        <translation>模块：正在查询…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="499" />
        <source>Module: unknown</source>
        <translation>模块：未知</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="503" />
        <source>Echo unknown</source>
        <translation>回显状态未知</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="503" />
        <source>Echo on</source>
        <translation>回显已开启</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="503" />
        <source>Echo off</source>
        <translation>回显已关闭</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="504" />
        <source>Whether the module echoes the commands it is sent (ATE1 / ATE0)</source>
        <translation>模块是否回显收到的命令（ATE1 / ATE0）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="506" />
        <source>Demo broker: 127.0.0.1:%1</source>
        <translation>演示服务器：127.0.0.1:%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="507" />
        <source>The demo's own Mosquitto broker; any host name but localhost and IP addresses is sent there. Try: mosquitto_sub -p %1 -t '#' -v</source>
        <translation>演示模式自带的 Mosquitto 服务器；除 localhost 和 IP 地址外，连接任何主机名都会转到这里。可尝试：mosquitto_sub -p %1 -t '#' -v</translation>
    </message>
</context>
<context>
    <name>qmt::ui::PayloadEdit</name>
    <message>
        <location filename="../ui/formfields.cpp" line="92" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="93" />
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="94" />
        <source>Edit the bytes as UTF-8 text or as hex digits</source>
        <translation>以 UTF-8 文本或 hex 数字编辑字节</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="95" />
        <source>Load file…</source>
        <translation>加载文件…</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="96" />
        <source>Take the bytes of a file (a certificate or a key)</source>
        <translation>读取文件的字节（证书或密钥）</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="151" />
        <source>not valid hex: two digits per byte</source>
        <translation>hex 无效：每个字节需两位数字</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="156" />
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="157" />
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="163" />
        <source>Load a file</source>
        <translation>加载文件</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="168" />
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SequencePanel</name>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="166" />
        <source>Load sequence</source>
        <translation>加载序列</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="167" />
        <location filename="../ui/sequencepanel.cpp" line="627" />
        <source>QMT Scope sequences (*.qmtseq);;All files (*)</source>
        <translation>QMT Scope 序列 (*.qmtseq);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="322" />
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="360" />
        <source>Run all</source>
        <translation>全部运行</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="361" />
        <source>Run every step from the first; stops at the first unexpected answer</source>
        <translation>从第一步开始运行所有步骤；遇到第一个不符合预期的应答时停止</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="362" />
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="363" />
        <source>Run the next step only</source>
        <translation>仅运行下一步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="364" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="365" />
        <source>Stop the run; a command already sent still finishes</source>
        <translation>停止运行；已发送的命令仍会执行完毕</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="366" />
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="367" />
        <source>Add a step after the selected one</source>
        <translation>在所选步骤之后添加步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="368" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="369" />
        <source>Edit the selected step</source>
        <translation>编辑所选步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="370" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="371" />
        <source>Remove the selected steps</source>
        <translation>删除所选步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="372" />
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="373" />
        <source>Move the step up</source>
        <translation>上移该步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="374" />
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="375" />
        <source>Move the step down</source>
        <translation>下移该步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="376" />
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="377" />
        <source>Save the sequence as a text file</source>
        <translation>将序列保存为文本文件</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="378" />
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="379" />
        <source>Load…</source>
        <translation>加载…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="380" />
        <source>Load a sequence file (.qmtseq)</source>
        <translation>加载序列文件（.qmtseq）</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="381" />
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="382" />
        <source>Start from one of the vendor note's sessions</source>
        <translation>从厂商应用笔记中的某个会话开始</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="383" />
        <source>Seed §5.1: MQTT without SSL</source>
        <translation>示例 §5.1：不使用 SSL 的 MQTT</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="384" />
        <source>Seed §5.2: MQTT with SSL (needs your certificate files)</source>
        <translation>示例 §5.2：使用 SSL 的 MQTT（需要你的证书文件）</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="385" />
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="386" />
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="387" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="420" />
        <source>New sequence</source>
        <translation>新序列</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="425" />
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="428" />
        <source>%1 · %n step(s)</source>
        <translation>
            <numerusform>%1 · %n 个步骤</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="535" />
        <source>Step %1 failed: %2</source>
        <translation>步骤 %1 失败：%2</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="537" />
        <source>Stopped at step %1.</source>
        <translation>在步骤 %1 处停止。</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="550" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="551" />
        <source>All %n step(s) passed in %1.</source>
        <translation>
            <numerusform>全部 %n 个步骤均已通过，用时 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="553" />
        <source>Step %1 passed: %2</source>
        <translation>步骤 %1 通过：%2</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="571" />
        <source>Replace the sequence?</source>
        <translation>替换序列？</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="572" />
        <source>The current sequence has changes that are not saved. Replace it?</source>
        <translation>当前序列有未保存的更改。要替换吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="584" />
        <source>… and %n more problem(s)</source>
        <translation>
            <numerusform>… 以及另外 %n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="585" />
        <source>Cannot load %1:</source>
        <translation>无法加载 %1：</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="595" />
        <source>Loaded %1. Its upload steps read %2, which are not next to it: save the sequence into the folder that holds those files (Save…), or edit those steps and choose your files.</source>
        <translation>已加载 %1。其中的上传步骤要读取 %2，但这些文件不在序列文件旁边：请将序列保存到存放这些文件的文件夹（保存…），或编辑这些步骤并选择你的文件。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="600" />
        <source>Loaded %1: %n step(s).</source>
        <translation>
            <numerusform>已加载 %1：%n 个步骤。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="617" />
        <location filename="../ui/sequencepanel.cpp" line="638" />
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="626" />
        <source>Save sequence</source>
        <translation>保存序列</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SequenceStepDialog</name>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="139" />
        <source>Sequence step</source>
        <translation>序列步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="140" />
        <source>&amp;Command:</source>
        <translation>命令(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="141" />
        <source>&amp;Data:</source>
        <translation>数据(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="142" />
        <source>&amp;Expect:</source>
        <translation>期望(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="143" />
        <source>&amp;Timeout:</source>
        <translation>超时(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="144" />
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="145" />
        <source>AT+QMTOPEN=0,"broker.example.com",1883</source>
        <translation>AT+QMTOPEN=0,"broker.example.com",1883</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="146" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="147" />
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="148" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="149" />
        <source>How the data is given: text with the escapes \r \n \t \" \\ \xNN, hexadecimal bytes, or a file read when the step runs</source>
        <translation>数据的给出方式：带转义符 \r \n \t \" \\ \xNN 的文本、十六进制字节，或在步骤运行时读取的文件</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="151" />
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="152" />
        <source>One line each; every line must be seen in the answer or a URC. * matches anything, {size} and {checksum} stand for the data's. Empty: the command must succeed.</source>
        <translation>每行一项；每一行都必须出现在应答或 URC 中。* 匹配任意内容，{size} 和 {checksum} 代表数据的大小和校验和。留空：命令必须成功。</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="155" />
        <source>auto (from the command)</source>
        <translation>自动（根据命令）</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="156" />
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="157" />
        <source>What the step is for</source>
        <translation>该步骤的用途</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="202" />
        <source>This is test data\r\n</source>
        <translation>这是测试数据\r\n</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="206" />
        <source>41 54 0d 0a</source>
        <translation>41 54 0d 0a</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="210" />
        <source>cacert.pem (relative to the sequence file)</source>
        <translation>cacert.pem（相对于序列文件）</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="238" />
        <source>Cannot read %1 now: %2</source>
        <translation>目前无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="259" />
        <source>Data for the step</source>
        <translation>步骤的数据</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="260" />
        <source>Certificates and keys (*.pem *.crt *.cer *.key *.der);;All files (*)</source>
        <translation>证书和密钥 (*.pem *.crt *.cer *.key *.der);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="319" />
        <source>Choose the file the step sends, e.g. a certificate for AT+QFUPL.</source>
        <translation>选择该步骤要发送的文件，例如用于 AT+QFUPL 的证书。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencestepdialog.cpp" line="321" />
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="326" />
        <source>Type the command line.</source>
        <translation>请输入命令行。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotActionDialog</name>
    <message>
        <location filename="../ui/slotactions.cpp" line="118" />
        <source>Slot %1: %2</source>
        <translation>客户端 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="134" />
        <source>0 — at most once</source>
        <translation>0 — 最多一次</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="135" />
        <source>1 — at least once</source>
        <translation>1 — 至少一次</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="136" />
        <source>2 — exactly once</source>
        <translation>2 — 仅一次</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="138" />
        <source>&amp;QoS:</source>
        <translation>QoS(&amp;Q)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="146" />
        <source>The packet identifier the module uses for this exchange; the next free one is suggested</source>
        <translation>模块在本次交互中使用的报文标识符；默认填入下一个可用的标识符</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="147" />
        <source>&amp;Message ID:</source>
        <translation>消息 ID(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="155" />
        <source>host name or IP address</source>
        <translation>主机名或 IP 地址</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="157" />
        <source>&amp;Host:</source>
        <translation>服务器地址(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="167" />
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="176" />
        <source>Must be unique on the broker: a second client with the same ID pushes the first off</source>
        <translation>在服务器上必须唯一：使用相同 ID 的第二个客户端会把第一个挤下线</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="177" />
        <source>&amp;Client ID:</source>
        <translation>客户端 ID(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="178" />
        <source>&amp;Log in with a user name and password</source>
        <translation>使用用户名和密码登录(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="186" />
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="187" />
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="203" />
        <location filename="../ui/slotactions.cpp" line="240" />
        <source>&amp;Topic filter:</source>
        <translation>主题过滤器(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="204" />
        <source>Wildcards: + matches one level, # at the end any number of levels</source>
        <translation>通配符：+ 匹配一级，末尾的 # 匹配任意多级</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="209" />
        <source>&amp;Topic:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="211" />
        <source>The topics of the slot's subscriptions come first, so the message comes back</source>
        <translation>该客户端已订阅的主题排在前面，以便消息能发回本客户端</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="215" />
        <source>&amp;Retain on the broker</source>
        <translation>在服务器上保留(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="224" />
        <source>Pa&amp;yload:</source>
        <translation>负载(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="252" />
        <source>The exact command that will be sent</source>
        <translation>将要发送的完整命令</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="258" />
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="313" />
        <source>then the payload (length %1) after the &gt; prompt</source>
        <translation>然后在 &gt; 提示符后发送负载（长度 %1）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="319" />
        <source>Incomplete input</source>
        <translation>输入不完整</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotActionRunner</name>
    <message>
        <location filename="../ui/slotactions.cpp" line="44" />
        <source>Open network…</source>
        <translation>打开网络…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="46" />
        <source>Connect…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="48" />
        <source>Subscribe…</source>
        <translation>订阅…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="50" />
        <source>Publish…</source>
        <translation>发布…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="52" />
        <source>Unsubscribe…</source>
        <translation>退订…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="54" />
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="56" />
        <source>Close network</source>
        <translation>关闭网络</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="58" />
        <source>Read stored messages</source>
        <translation>读取缓存的消息</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="60" />
        <source>Read configuration</source>
        <translation>读取配置</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="71" />
        <source>Open a network connection to an MQTT broker (AT+QMTOPEN)</source>
        <translation>打开到 MQTT 服务器的网络连接（AT+QMTOPEN）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="73" />
        <source>Connect to the broker as an MQTT client (AT+QMTCONN)</source>
        <translation>作为 MQTT 客户端连接到服务器（AT+QMTCONN）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="75" />
        <source>Subscribe to a topic filter (AT+QMTSUB)</source>
        <translation>订阅主题过滤器（AT+QMTSUB）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="77" />
        <source>Publish a message (AT+QMTPUBEX)</source>
        <translation>发布消息（AT+QMTPUBEX）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="79" />
        <source>Unsubscribe from a topic filter (AT+QMTUNS)</source>
        <translation>退订主题过滤器（AT+QMTUNS）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="81" />
        <source>Disconnect from the broker (AT+QMTDISC)</source>
        <translation>断开与服务器的连接（AT+QMTDISC）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="83" />
        <source>Close the network connection (AT+QMTCLOSE)</source>
        <translation>关闭网络连接（AT+QMTCLOSE）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="85" />
        <source>Read the messages the module stored in receive mode 1 (AT+QMTRECV)</source>
        <translation>读取模块在接收模式 1 下缓存的消息（AT+QMTRECV）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="87" />
        <source>Ask the module for the slot's configuration and state (AT+QMTCFG read-backs, AT+QMTOPEN?, AT+QMTCONN?, AT+QMTRECV?)</source>
        <translation>向模块查询该客户端的配置和状态（AT+QMTCFG 回读、AT+QMTOPEN?、AT+QMTCONN?、AT+QMTRECV?）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="371" />
        <source>Demo mode: every host name except localhost and IP addresses reaches the demo's own broker.</source>
        <translation>演示模式：除 localhost 和 IP 地址外，所有主机名都会连接到演示模式自带的服务器。</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="497" />
        <source>No port is open: open the module's port (or start the demo) first</source>
        <translation>没有打开的串口：请先打开模块的串口（或启动演示模式）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="512" />
        <source>The session did not take the command</source>
        <translation>会话未接受该命令</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotCard</name>
    <message>
        <location filename="../ui/slotcard.cpp" line="31" />
        <source>Click (or press Enter) for the slot's messages, subscriptions and configuration</source>
        <translation>单击（或按 Enter）查看该客户端的消息、订阅和配置</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="32" />
        <source>MQTT client slot %1</source>
        <translation>MQTT 客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="43" />
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="49" />
        <source>Network (AT+QMTOPEN)</source>
        <translation>网络（AT+QMTOPEN）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="52" />
        <source>MQTT connection (AT+QMTCONN)</source>
        <translation>MQTT 连接（AT+QMTCONN）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="63" />
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="64" />
        <source>Everything this slot can do</source>
        <translation>该客户端可执行的全部操作</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="69" />
        <location filename="../ui/slotcard.cpp" line="86" />
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="70" />
        <source>Messages, subscriptions and configuration of the slot</source>
        <translation>该客户端的消息、订阅和配置</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="120" />
        <source>Broker:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="121" />
        <source>Client ID:</source>
        <translation>客户端 ID：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="122" />
        <source>Subscribed:</source>
        <translation>已订阅：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="126" />
        <source>Messages:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="127" />
        <source>Last received:</source>
        <translation>最近接收：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="166" />
        <source>network %1</source>
        <translation>网络%1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="167" />
        <source>MQTT %1</source>
        <translation>MQTT %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="177" />
        <location filename="../ui/slotcard.cpp" line="181" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="179" />
        <source>SSL context %1</source>
        <translation>SSL 上下文 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="179" />
        <source>no SSL</source>
        <translation>无 SSL</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="184" />
        <source>%1 (QoS %2)</source>
        <translation>%1（QoS %2）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="187" />
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="189" />
        <source>%n published</source>
        <translation>
            <numerusform>已发布 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="190" />
        <source>%n received</source>
        <translation>
            <numerusform>已接收 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="191" />
        <source>%n in flight</source>
        <translation>
            <numerusform>传输中 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="193" />
        <source>%n failed</source>
        <translation>
            <numerusform>失败 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="199" />
        <source>none stored</source>
        <translation>无缓存消息</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="200" />
        <source>%n stored (buffers %1)</source>
        <translation>
            <numerusform>已缓存 %n 条（接收缓存 %1）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="205" />
        <source>nothing yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="208" />
        <source>%1  %2: %3</source>
        <translation>%1  %2：%3</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="214" />
        <source>Last error — %1 %2: %3</source>
        <translation>最近错误 — %1 %2：%3</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="219" />
        <source>Fix: %1</source>
        <translation>解决方法：%1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="237" />
        <source>Open the module's port first</source>
        <translation>请先打开模块的串口</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="310" />
        <source>%1 — waiting for the module…</source>
        <translation>%1 — 正在等待模块…</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="315" />
        <source>%1 — %2 (%3 ms)</source>
        <translation>%1 — %2（%3 ms）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="321" />
        <source>%1 — not sent: %2</source>
        <translation>%1 — 未发送：%2</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotDetailDialog</name>
    <message>
        <location filename="../ui/slotdetail.cpp" line="46" />
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="46" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="120" />
        <source>Slot %1 — QMT Scope</source>
        <translation>客户端 %1 — QMT Scope</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="132" />
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="166" />
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="220" />
        <source>&amp;Text</source>
        <translation>文本(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="220" />
        <source>&amp;Hex</source>
        <translation>Hex(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="220" />
        <source>&amp;JSON</source>
        <translation>JSON(&amp;J)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="230" />
        <source>The payload as UTF-8 text (Alt+T)</source>
        <translation>以 UTF-8 文本显示负载（Alt+T）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="231" />
        <source>The payload's bytes in hex (Alt+H)</source>
        <translation>以 hex 显示负载的字节（Alt+H）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="232" />
        <source>The payload as indented JSON (Alt+J)</source>
        <translation>以缩进的 JSON 显示负载（Alt+J）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="250" />
        <source>Select a message to see its payload</source>
        <translation>选择一条消息以查看其负载</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="290" />
        <source>As the traffic has shown it: values never read back or set are the module's power-up defaults. “Read configuration” asks the module.</source>
        <translation>依据通信记录所显示的内容：从未回读或设置过的值为模块上电时的默认值。“读取配置”会向模块查询。</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="321" />
        <source>network %1</source>
        <translation>网络%1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="322" />
        <source>MQTT %1</source>
        <translation>MQTT %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="327" />
        <source>client ID %1</source>
        <translation>客户端 ID %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="328" />
        <source>%n published</source>
        <translation>
            <numerusform>已发布 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="329" />
        <source>%n received</source>
        <translation>
            <numerusform>已接收 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="330" />
        <source>%n in flight</source>
        <translation>
            <numerusform>传输中 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="332" />
        <source>%n stored</source>
        <translation>
            <numerusform>缓存 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="336" />
        <source>Last error — %1 %2: %3 (%4)</source>
        <translation>最近错误 — %1 %2：%3（%4）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="341" />
        <location filename="../ui/slotdetail.cpp" line="356" />
        <source>Fix: %1</source>
        <translation>解决方法：%1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="343" />
        <source>No error</source>
        <translation>无错误</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="350" />
        <source>Last +%1: %2,%3 — %4 (%5)</source>
        <translation>最近一次 +%1: %2,%3 — %4（%5）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="359" />
        <source>No +QMTSTAT since the module started</source>
        <translation>自模块启动以来没有 +QMTSTAT</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="373" />
        <source>&amp;Messages (%1)</source>
        <translation>消息（%1）(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="374" />
        <source>&amp;Subscriptions (%1)</source>
        <translation>订阅（%1）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="375" />
        <source>&amp;Configuration</source>
        <translation>配置(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="430" />
        <source>%1 · %2 · length %3</source>
        <translation>%1 · %2 · 长度 %3</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="434" />
        <source>&lt;payload_len&gt; %1</source>
        <translation>&lt;payload_len&gt; %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="435" />
        <source>msg ID %1</source>
        <translation>消息 ID %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="437" />
        <source>from buffer %1</source>
        <translation>来自接收缓存 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="443" />
        <source>Incomplete. %1</source>
        <translation>不完整。%1</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsFilesPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="148" />
        <source>Certificate files</source>
        <translation>证书文件</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="150" />
        <source>Choose what your MQTT server asks for. Each file is checked here, then uploaded to the module with AT+QFUPL.</source>
        <translation>选择 MQTT 服务器要求的文件。每个文件都会先在此检查，然后用 AT+QFUPL 上传到模块。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="160" />
        <source>0 — encryption only, no certificate checked</source>
        <translation>0 — 仅加密，不验证证书</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="161" />
        <source>1 — verify the server (CA certificate)</source>
        <translation>1 — 验证服务器（CA 证书）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="162" />
        <source>2 — verify the server and the client (CA, client certificate and key)</source>
        <translation>2 — 验证服务器和客户端（CA、客户端证书和私钥）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="163" />
        <source>&amp;Security level:</source>
        <translation>安全级别(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="175" />
        <source>PEM private key, e.g. client.key</source>
        <translation>PEM 私钥，例如 client.key</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="176" />
        <source>PEM certificate, e.g. %1</source>
        <translation>PEM 证书，例如 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="179" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="192" />
        <source>Keys encrypted with a passphrase cannot be used: the module has no way to enter one. Only the file paths are remembered, never their contents.</source>
        <translation>不能使用由密码短语加密的私钥：模块无法输入密码短语。只会记住文件路径，绝不保存文件内容。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="222" />
        <source>No module is connected: you can prepare the files, but the upload needs an open port.</source>
        <translation>未连接模块：可以先准备文件，但上传需要已打开的串口。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="252" />
        <source>Private keys (*.key *.pem);;All files (*)</source>
        <translation>私钥 (*.key *.pem);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="253" />
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="255" />
        <source>Choose the %1</source>
        <translation>选择%1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="274" />
        <source>Not needed at security level %1.</source>
        <translation>安全级别 %1 下不需要。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="278" />
        <source>There is no file %1.</source>
        <translation>文件 %1 不存在。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsModulePage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="312" />
        <source>On the module</source>
        <translation>模块端</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="313" />
        <source>Where the files are stored, which SSL context gets them, and which MQTT client slot uses that context.</source>
        <translation>文件存储在哪里、由哪个 SSL 上下文使用，以及哪个 MQTT 客户端使用该上下文。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="320" />
        <source>RAM — lost when the module restarts (as in the vendor's example)</source>
        <translation>RAM — 模块重启后丢失（与厂商示例相同）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="322" />
        <source>UFS — the module's flash, kept across restarts</source>
        <translation>UFS — 模块的闪存，重启后仍保留</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="323" />
        <source>S&amp;tore in:</source>
        <translation>存储位置(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="328" />
        <source>%1 as:</source>
        <translation>%1保存为：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="337" />
        <source>SSL &amp;context:</source>
        <translation>SSL 上下文(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="339" />
        <source>&amp;Bind client slot</source>
        <translation>绑定客户端(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="347" />
        <source>to this context (AT+QMTCFG="ssl")</source>
        <translation>到此上下文（AT+QMTCFG="ssl"）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsSettingsPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="445" />
        <source>TLS settings</source>
        <translation>TLS 设置</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="447" />
        <source>The values of the vendor's AWS IoT example are preset. Upload starts when you go on.</source>
        <translation>已预设厂商 AWS IoT 示例中的值。继续下一步时开始上传。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="449" />
        <source>&amp;Upload</source>
        <translation>上传(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="455" />
        <source>SSL 3.0 (insecure)</source>
        <translation>SSL 3.0（不安全）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="456" />
        <source>TLS 1.0</source>
        <translation>TLS 1.0</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="457" />
        <source>TLS 1.1</source>
        <translation>TLS 1.1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="458" />
        <source>TLS 1.2</source>
        <translation>TLS 1.2</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="459" />
        <source>All — the module and the server agree</source>
        <translation>全部 — 由模块与服务器协商</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="461" />
        <source>&amp;Version:</source>
        <translation>版本(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="476" />
        <source>One suite, or 0XFFFF for every suite the module supports. Type another hex value if your module lists more.</source>
        <translation>指定一个套件，或用 0XFFFF 表示模块支持的所有套件。如果你的模块列出了更多套件，可输入其他 hex 值。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="478" />
        <source>C&amp;ipher suite:</source>
        <translation>加密套件(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="480" />
        <source>&amp;Ignore the certificates' validity dates</source>
        <translation>忽略证书有效期(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="485" />
        <source>A module without network time often has a wrong clock and would refuse valid certificates.</source>
        <translation>没有网络时间的模块时钟往往不准，会拒绝有效的证书。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="491" />
        <source>Leave the module's setting (not sent)</source>
        <translation>保留模块的设置（不发送）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="492" />
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="493" />
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="494" />
        <source>Server &amp;name indication:</source>
        <translation>服务器名称指示(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="496" />
        <source>Turn it on when the server's address is shared by several host names, as with most cloud MQTT services.</source>
        <translation>当服务器地址由多个主机名共用时（如大多数云 MQTT 服务），请开启此项。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="502" />
        <source>What will be sent:</source>
        <translation>将要发送的内容：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="569" />
        <source>The cipher suite must be a hex value from 0X0000 to 0XFFFF, e.g. 0XC02F.</source>
        <translation>加密套件必须是 0X0000 到 0XFFFF 之间的 hex 值，例如 0XC02F。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="572" />
        <source>No module is connected: open a port first.</source>
        <translation>未连接模块：请先打开串口。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsSummaryPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="809" />
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="817" />
        <source>Commands that answered OK:</source>
        <translation>返回 OK 的命令：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="831" />
        <source>RAM: files are gone after the module restarts: run this wizard again then.</source>
        <translation>RAM：模块重启后文件会丢失，届时请再次运行此向导。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsUploadPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="603" />
        <source>Upload and configure</source>
        <translation>上传并配置</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="604" />
        <source>Each file is uploaded with AT+QFUPL; the module's checksum must match ours.</source>
        <translation>每个文件都用 AT+QFUPL 上传；模块的校验和必须与本地计算的一致。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="612" />
        <location filename="../ui/tlswizard.cpp" line="770" />
        <source>%v of %m bytes</source>
        <translation>%v / %m 字节</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="631" />
        <source>&amp;Delete and retry</source>
        <translation>删除并重试(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="633" />
        <source>&amp;Keep the module's file</source>
        <translation>保留模块上的文件(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="635" />
        <source>&amp;Stop here</source>
        <translation>在此停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="648" />
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="681" />
        <source>Uploading the %1 as %2 …</source>
        <translation>正在将%1上传为 %2 …</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="682" />
        <source>→ %1 (%2 bytes)</source>
        <translation>→ %1（%2 字节）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="691" />
        <source>module %1 / ours %2 ✓</source>
        <translation>模块 %1 / 本地 %2 ✓</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="693" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="698" />
        <source>The module already has a file %1. Delete it and upload the %2 again, or keep the module's file (it cannot be verified)?</source>
        <translation>模块上已有文件 %1。要删除它并重新上传%2，还是保留模块上的文件（无法校验）？</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="703" />
        <source>%1 already exists on the module</source>
        <translation>模块上已存在 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="707" />
        <source>%1 deleted</source>
        <translation>已删除 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="711" />
        <source>kept the module's file</source>
        <translation>已保留模块上的文件</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="712" />
        <source>kept the module's file, %1 bytes</source>
        <translation>已保留模块上的文件，%1 字节</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="715" />
        <source>kept</source>
        <translation>已保留</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="716" />
        <source>%1 kept</source>
        <translation>已保留 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="719" />
        <source>%1 → OK</source>
        <translation>%1 → OK</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="722" />
        <source>stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="725" />
        <source>Stopped. Nothing more was sent to the module.</source>
        <translation>已停止。未再向模块发送任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="726" />
        <source>stopped by you</source>
        <translation>已被用户停止</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="735" />
        <source>Done: client slot %1 uses SSL context %2.</source>
        <translation>完成：客户端 %1 使用 SSL 上下文 %2。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="736" />
        <source>Done: SSL context %1 is set up.</source>
        <translation>完成：SSL 上下文 %1 已设置完毕。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="766" />
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="781" />
        <source>No module is connected: open a port first.</source>
        <translation>未连接模块：请先打开串口。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="783" />
        <source>The upload could not start.</source>
        <translation>无法开始上传。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsWizard</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="850" />
        <source>TLS wizard</source>
        <translation>TLS 向导</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TopicListEdit</name>
    <message>
        <location filename="../ui/formfields.cpp" line="181" />
        <location filename="../ui/formfields.cpp" line="304" />
        <source>Add topic</source>
        <translation>添加主题</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="291" />
        <source>topic filter, e.g. sensors/+/temperature or alerts/#</source>
        <translation>主题过滤器，例如 sensors/+/temperature 或 alerts/#</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="292" />
        <source>topic filter to unsubscribe from</source>
        <translation>要退订的主题过滤器</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="294" />
        <source>Requested QoS</source>
        <translation>请求的 QoS</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="295" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="296" />
        <source>Remove this topic</source>
        <translation>移除此主题</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TrafficFollower</name>
    <message>
        <location filename="../ui/trafficfollow.cpp" line="17" />
        <source>Jump to end</source>
        <translation>跳到末尾</translation>
    </message>
    <message>
        <location filename="../ui/trafficfollow.cpp" line="18" />
        <source>Follow new traffic again (Ctrl+End)</source>
        <translation>重新跟随新的通信记录（Ctrl+End）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TrafficPanel</name>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="95" />
        <source>Both directions</source>
        <translation>双向</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="96" />
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="97" />
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="98" />
        <source>Show frames sent to the module, received from it, or both</source>
        <translation>显示发送到模块的帧、从模块接收的帧，或两者</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="102" />
        <source>All slots</source>
        <translation>全部客户端</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="104" />
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="105" />
        <source>No slot</source>
        <translation>无客户端</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="106" />
        <source>Show the frames of one client slot (client_idx)</source>
        <translation>显示某一个客户端（client_idx）的帧</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="123" />
        <source>Show every kind</source>
        <translation>显示所有类型</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="129" />
        <source>Only errors and URCs</source>
        <translation>仅错误和 URC</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="137" />
        <source>Show only some kinds of frame</source>
        <translation>仅显示部分类型的帧</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="142" />
        <source>Search text (Ctrl+F)</source>
        <translation>搜索文本（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="153" />
        <location filename="../ui/trafficpanel.cpp" line="501" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="155" />
        <source>Copy the selected rows (Ctrl+C)</source>
        <translation>复制选中的行（Ctrl+C）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="157" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="159" />
        <source>Write the rows shown to a text file (Ctrl+Shift+S)</source>
        <translation>将显示的行写入文本文件（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="166" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="168" />
        <source>Forget every frame recorded so far (the console is cleared too)</source>
        <translation>丢弃目前记录的所有帧（控制台也会一并清空）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="219" />
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="219" />
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="222" />
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="244" />
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/trafficpanel.cpp" line="295" />
        <source>Exported %Ln row(s)</source>
        <translation>
            <numerusform>已导出 %Ln 行</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="351" />
        <source>Filtering…</source>
        <translation>正在过滤…</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="421" />
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="423" />
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="436" />
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="436" />
        <source>Kinds: %1 of %2</source>
        <translation>类型：%1 / %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/trafficpanel.cpp" line="470" />
        <source>Exporting %Ln row(s) to %1…</source>
        <translation>
            <numerusform>正在将 %Ln 行导出到 %1…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="488" />
        <source>Export traffic</source>
        <translation>导出通信记录</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="489" />
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="508" />
        <source>Only slot %1</source>
        <translation>仅客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="513" />
        <source>Only “%1”</source>
        <translation>仅“%1”</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="519" />
        <source>Show everything</source>
        <translation>显示全部</translation>
    </message>
</context>
<context>
    <name>qmt::ui::language</name>
    <message>
        <location filename="../ui/language.cpp" line="62" />
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>qmtscope-cli</name>
    <message>
        <location filename="../app/cli/main.cpp" line="18" />
        <source>Usage: qmtscope-cli decode [--compact] [--include-secrets] &lt;file | -&gt;
  Reads a transcript (raw bytes from a module, or a text log of commands and
  responses; - reads stdin), runs it through the QMT Scope pipeline and prints
  the final state of the six MQTT client slots as JSON.
  Exit status: 0 decoded, 1 usage error, 2 the file cannot be read.
</source>
        <translation>用法：qmtscope-cli decode [--compact] [--include-secrets] &lt;文件 | -&gt;
  读取一份记录（模块输出的原始字节，或命令与响应的文本日志；- 表示标准输入），
  经 QMT Scope 的处理流程解析，并以 JSON 输出六个 MQTT 客户端的最终状态。
  退出码：0 解析完成，1 用法错误，2 无法读取文件。
</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="59" />
        <location filename="../app/cli/main.cpp" line="70" />
        <source>qmtscope-cli: cannot read %1: %2
</source>
        <translation>qmtscope-cli：无法读取 %1：%2
</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="81" />
        <source>qmtscope-cli: cannot read %1
</source>
        <translation>qmtscope-cli：无法读取 %1
</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/main.cpp" line="96" />
        <source>qmtscope-cli: %n line(s) were not AT traffic (kept and counted)
</source>
        <translation>
            <numerusform>qmtscope-cli：%n 行不是 AT 通信（已保留并计数）
</numerusform>
        </translation>
    </message>
</context>
</TS>