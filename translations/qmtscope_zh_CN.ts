<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SimProgram</name>
    <message>
        <location filename="../app/sim/main.cpp" line="104"/>
        <source>qmtscope-sim: stopped
</source>
        <translation>qmtscope-sim：已停止
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="143"/>
        <source>cannot create a pipe: %1</source>
        <translation>无法创建管道：%1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="165"/>
        <source>cannot start the private Mosquitto broker: %1</source>
        <translation>无法启动私有 Mosquitto 服务器：%1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="169"/>
        <source>the private broker exited (code %1); MQTT connections will fail until qmtscope-sim is restarted</source>
        <translation>私有服务器已退出（退出码 %1）；在重启 qmtscope-sim 之前，MQTT 连接都会失败</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="175"/>
        <source>private Mosquitto broker on %1:%2 (pid %3, stopped on exit)</source>
        <translation>私有 Mosquitto 服务器位于 %1:%2（pid %3，退出时停止）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="180"/>
        <source>MQTT goes to the broker at %1:%2</source>
        <translation>MQTT 连接转到服务器 %1:%2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="181"/>
        <source> (TLS slots to port %1)</source>
        <translation> （TLS 客户端连接端口 %1）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="206"/>
        <source>module %1 on %2%3</source>
        <translation>模块 %1 位于 %2%3</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="208"/>
        <source> (link %1)</source>
        <translation> （符号链接 %1）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="209"/>
        <source>air time: %1</source>
        <translation>空中时延：%1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="211"/>
        <source>serial line: %1 baud</source>
        <translation>串口线路：%1 波特</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="212"/>
        <source>fault commands on stdin%1; &quot;help&quot; lists them; Ctrl+C ends</source>
        <translation>故障命令从 stdin%1 读入；&quot;help&quot; 列出全部命令；Ctrl+C 结束</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="213"/>
        <source> and on %1</source>
        <translation> 和 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="254"/>
        <source>cannot create the control FIFO %1: %2</source>
        <translation>无法创建控制 FIFO %1：%2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="256"/>
        <source>a file that is not a FIFO is in the way</source>
        <translation>该位置已存在一个不是 FIFO 的文件</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="265"/>
        <source>cannot open the control FIFO %1: %2</source>
        <translation>无法打开控制 FIFO %1：%2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="331"/>
        <source>%1: shutting down</source>
        <translation>%1：正在退出</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="348"/>
        <source>%1: ok</source>
        <translation>%1: ok</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="348"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="355"/>
        <source>
Fault commands, one per line on stdin or on the --control FIFO; the answer (&quot;ok&quot; or
what is wrong with the line) goes to stderr:
</source>
        <translation>
故障命令，每行一条，从 stdin 或 --control FIFO 读入；应答（&quot;ok&quot; 或
该行的错误说明）输出到 stderr：
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="357"/>
        <source>  help                  this list
</source>
        <translation>  help                  显示本列表
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="362"/>
        <source>
Examples:
  qmtscope-sim --link /tmp/ttyQMT
  picocom -b 115200 /tmp/ttyQMT        (type AT commands; Enter sends CR; C-a C-x quits)
  mosquitto_sub -h 127.0.0.1 -p &lt;port printed on stderr&gt; -t &apos;#&apos; -v
  qmtscope-sim --link /tmp/ttyQMT --control /tmp/qmt.ctl &amp;  echo &apos;drop 0&apos; &gt; /tmp/qmt.ctl
</source>
        <translation>
示例：
  qmtscope-sim --link /tmp/ttyQMT
  picocom -b 115200 /tmp/ttyQMT        （输入 AT 命令；Enter 发送 CR；C-a C-x 退出）
  mosquitto_sub -h 127.0.0.1 -p &lt;stderr 上输出的端口&gt; -t &apos;#&apos; -v
  qmtscope-sim --link /tmp/ttyQMT --control /tmp/qmt.ctl &amp;  echo &apos;drop 0&apos; &gt; /tmp/qmt.ctl
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="414"/>
        <source>A simulated Quectel LTE module (EC25 by default) on a pseudo-terminal. It answers AT commands as
the module would, and behind each of its six MQTT client slots is a real MQTT client talking to a
real broker. AT+QMTOPEN to localhost or an IP address connects there; any other host name (the
cloud&apos;s) is routed to the broker given with --broker, or to a private Mosquitto broker started on
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
        <location filename="../app/sim/main.cpp" line="424"/>
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="429"/>
        <source>Keep a symlink to the device at &lt;path&gt; (replaced if it exists, removed on exit).</source>
        <translation>在 &lt;path&gt; 处保留一个指向该设备的符号链接（已存在则替换，退出时删除）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="431"/>
        <location filename="../app/sim/main.cpp" line="481"/>
        <source>path</source>
        <translation>path</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="434"/>
        <source>Use the MQTT broker at &lt;host:port&gt; (port 1883 if omitted) instead of a private one.</source>
        <translation>使用位于 &lt;host:port&gt; 的 MQTT 服务器（省略端口时为 1883），而不是私有服务器。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="436"/>
        <source>host:port</source>
        <translation>host:port</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="439"/>
        <source>Slots with SSL enabled (AT+QMTCFG=&quot;ssl&quot;) connect to this TLS port of the --broker host (default: the broker&apos;s port).</source>
        <translation>启用 SSL 的客户端（AT+QMTCFG=&quot;ssl&quot;）连接到 --broker 主机的这个 TLS 端口（默认：服务器的端口）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="441"/>
        <location filename="../app/sim/main.cpp" line="445"/>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="443"/>
        <source>The private broker listens on 127.0.0.1:&lt;port&gt; instead of a free port.</source>
        <translation>私有服务器监听 127.0.0.1:&lt;port&gt;，而不是任一空闲端口。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="447"/>
        <source>The model the module reports (ATI, AT+CGMM): EC25, EG25, BG95, BG96, EC800M, EG800K, EC200U and EG915U have profiles (a firmware revision of their own); other names are reported as given. BG95 and BG96 answer as their family does: AT+QMTPUBEX with the message in the line (not its length), AT+QCFG=&quot;iotopmode&quot;, eMTC. Default: EC25.</source>
        <translation>模块报告的型号（ATI、AT+CGMM）：EC25、EG25、BG95、BG96、EC800M、EG800K、EC200U 和 EG915U 有各自的配置（各自的固件版本）；其他名称按给出的原样报告。BG95 和 BG96 按其系列的方式应答：AT+QMTPUBEX 在命令行中携带消息（而非消息长度），支持 AT+QCFG=&quot;iotopmode&quot;，接入技术为 eMTC。默认：EC25。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="453"/>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="455"/>
        <source>The firmware revision it reports (ATI, AT+GMR). Default: EC25EFAR06A06M4G.</source>
        <translation>模块报告的固件版本（ATI、AT+GMR）。默认：EC25EFAR06A06M4G。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="457"/>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="460"/>
        <source>Do not print RDY ... APP RDY at start (a module that has long been up).</source>
        <translation>启动时不输出 RDY ... APP RDY（模拟已运行很久的模块）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="464"/>
        <source>Keep the files uploaded with AT+QFUPL in &lt;dir&gt; too, in ram/ and ufs/ (default: in the module&apos;s memory only).</source>
        <translation>将用 AT+QFUPL 上传的文件也保存在 &lt;dir&gt; 中，分别放在 ram/ 和 ufs/ 下（默认：只保存在模块内存中）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="466"/>
        <source>dir</source>
        <translation>dir</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="469"/>
        <source>Air time between the module and the broker: OK comes at once, each result URC (+QMTOPEN, +QMTCONN, +QMTSUB ...) and each received message after a delay like a cellular link&apos;s: cat1 (LTE Cat 1, the default), catm (Cat M1), nb (NB-IoT), &lt;rtt ms&gt;[/&lt;jitter ms&gt;], or 0 for instant answers.</source>
        <translation>模块与服务器之间的空中时延：OK 立即返回，每个结果 URC（+QMTOPEN、+QMTCONN、+QMTSUB …）和每条接收的消息都像蜂窝链路一样延迟到达：cat1（LTE Cat 1，默认）、catm（Cat M1）、nb（NB-IoT）、&lt;往返毫秒&gt;[/&lt;抖动毫秒&gt;]，或 0 表示立即应答。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="473"/>
        <source>air</source>
        <translation>时延</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="476"/>
        <source>Also log what the slots&apos; MQTT clients do (debug messages) on stderr.</source>
        <translation>同时在 stderr 上输出各客户端的 MQTT 客户端的活动（调试消息）。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="479"/>
        <source>Also read fault commands from a FIFO created at &lt;path&gt; (removed on exit), for scripts: echo &apos;drop 0&apos; &gt; &lt;path&gt;.</source>
        <translation>同时从在 &lt;path&gt; 处创建的 FIFO（退出时删除）读取故障命令，供脚本使用：echo &apos;drop 0&apos; &gt; &lt;path&gt;。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="484"/>
        <source>Bytes cross the serial line at this many bits per second, both ways (ten bits a byte): a 1500-byte publish takes 130 ms at 115200. Default: as fast as the pseudo-terminal goes.</source>
        <translation>字节以每秒这么多位的速度双向通过串口线路（每字节十位）：在 115200 下，1500 字节的发布需要 130 毫秒。默认：与伪终端一样快。</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="487"/>
        <source>baud</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="494"/>
        <source>Try &apos;qmtscope-sim --help&apos;.
</source>
        <translation>请尝试 &apos;qmtscope-sim --help&apos;。
</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="513"/>
        <source>unexpected argument %1</source>
        <translation>意外的参数 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="518"/>
        <source>--broker wants host:port, not %1</source>
        <translation>--broker 需要 host:port，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="523"/>
        <source>--tls-port needs --broker (the private broker has no TLS listener)</source>
        <translation>--tls-port 需要配合 --broker 使用（私有服务器没有 TLS 监听端口）</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="526"/>
        <source>--tls-port wants a port 1-65535, not %1</source>
        <translation>--tls-port 需要 1-65535 之间的端口，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="531"/>
        <source>--broker-port is for the private broker; it cannot go with --broker</source>
        <translation>--broker-port 用于私有服务器，不能与 --broker 同时使用</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="534"/>
        <source>--broker-port wants a port 1-65535, not %1</source>
        <translation>--broker-port 需要 1-65535 之间的端口，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="540"/>
        <source>--model wants a name</source>
        <translation>--model 需要一个型号名称</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="554"/>
        <source>--latency: %1</source>
        <translation>--latency：%1</translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="561"/>
        <source>--baud-pace needs bits per second, 300-12000000</source>
        <translation>--baud-pace 需要每秒位数，300-12000000</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="97"/>
        <source>QMT Scope: a diagnostic tool for the MQTT AT commands of Quectel modules.</source>
        <translation>QMT Scope：Quectel 模块 MQTT AT 命令诊断工具。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="103"/>
        <source>Start the built-in simulated module and its MQTT broker, and connect to it.</source>
        <translation>启动内置的模拟模块及其 MQTT 服务器，并连接到该模块。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="106"/>
        <source>Open this serial port at start.</source>
        <translation>启动时打开此串口。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="107"/>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="110"/>
        <source>Baud rate for --port (default: the last one used, or 115200).</source>
        <translation>--port 的波特率（默认：上次使用的值，或 115200）。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="111"/>
        <source>rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="114"/>
        <source>Interface language for this run: en, zh_CN or system.</source>
        <translation>本次运行的界面语言：en、zh_CN 或 system。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="115"/>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="118"/>
        <source>Play the AT commands of this file once the port is open (one per line; a &apos;&gt;&apos; line is the data of the command before it).</source>
        <translation>串口打开后执行此文件中的 AT 命令（每行一条；&apos;&gt;&apos; 行是其前一条命令的数据）。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="121"/>
        <location filename="../app/gui/main.cpp" line="135"/>
        <location filename="../app/gui/main.cpp" line="147"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="124"/>
        <source>Play the built-in walkthrough once the port is open: open slot 0, connect, subscribe, publish.</source>
        <translation>串口打开后执行内置的演示流程：打开客户端 0、连接、订阅、发布。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="129"/>
        <source>The panel shown first: console, traffic, forms, sequences, diagnosis or peer.</source>
        <translation>最先显示的面板：console、traffic、forms、sequences、diagnosis 或 peer。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="150"/>
        <source>With --demo: once the port is open (and a script has run), the Peer panel connects to the demo&apos;s broker and runs the end-to-end check with this many messages per direction and QoS.</source>
        <translation>与 --demo 一起使用：串口打开后（若有脚本则在其运行完之后），“对端”面板连接演示代理服务器，并运行端到端检查，每个方向和每个 QoS 发送这么多条消息。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="154"/>
        <source>count</source>
        <translation>条数</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="134"/>
        <source>Show this customer log (as File &gt; Import Log does).</source>
        <translation>显示此客户日志（与“文件 &gt; 导入日志”相同）。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="138"/>
        <source>Air time of the demo module&apos;s MQTT results and messages: cat1 (the default, like LTE Cat 1), catm, nb, &lt;rtt ms&gt;[/&lt;jitter ms&gt;], or 0 for instant answers.</source>
        <translation>演示模块的 MQTT 结果和消息的空中时延：cat1（默认，类似 LTE Cat 1）、catm、nb、&lt;往返毫秒&gt;[/&lt;抖动毫秒&gt;]，或 0 表示立即应答。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="142"/>
        <source>air</source>
        <translation>时延</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="145"/>
        <source>Load this sequence (.qmtseq) into the Sequences panel and show it.</source>
        <translation>将此序列（.qmtseq）加载到“序列”面板并显示该面板。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="131"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
</context>
<context>
    <name>qmt::at::Builders</name>
    <message>
        <location filename="../modem/at/builders.cpp" line="31"/>
        <location filename="../modem/at/linecheck.cpp" line="96"/>
        <source>%1 %2 is out of range %3</source>
        <translation>%1 的值 %2 超出范围 %3</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="33"/>
        <location filename="../modem/at/linecheck.cpp" line="98"/>
        <source>%1 %2 is not one of %3</source>
        <translation>%1 的值 %2 不在 %3 之中</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="41"/>
        <location filename="../modem/at/linecheck.cpp" line="73"/>
        <source>%1 must not be empty</source>
        <translation>%1 不能为空</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="43"/>
        <location filename="../modem/at/linecheck.cpp" line="75"/>
        <source>%1 is %2 bytes long in UTF-8; the allowed length is %3 bytes</source>
        <translation>%1 按 UTF-8 为 %2 字节；允许的长度为 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="46"/>
        <source>%1 is %2 bytes long; the allowed length is %3 bytes</source>
        <translation>%1 为 %2 字节；允许的长度为 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="53"/>
        <source>%1 must not contain a double quote (&quot;): the module has no way to escape it</source>
        <translation>%1 不能包含双引号（&quot;）：模块无法转义</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="62"/>
        <source>%1 must not contain a line break (CR or LF)</source>
        <translation>%1 不能包含换行符（CR 或 LF）</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="137"/>
        <source>%1 must not contain the wildcards + or #: one publishes to a topic name, not a filter</source>
        <translation>%1 不能包含通配符 + 或 #：发布的目标是主题名，而不是主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="157"/>
        <source>%1: the wildcard # must be the whole last level, as in a/#</source>
        <translation>%1：通配符 # 必须单独占据最后一级，例如 a/#</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="163"/>
        <source>%1: the wildcard + must fill a whole level, as in a/+/b</source>
        <translation>%1：通配符 + 必须单独占据一级，例如 a/+/b</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="181"/>
        <source>%1 has no name after the prefix %2</source>
        <translation>%1 在前缀 %2 之后缺少文件名</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="354"/>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="359"/>
        <source>%1 %2 requires %3</source>
        <translation>%1 为 %2 时需要 %3</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="365"/>
        <source>%1 is missing</source>
        <translation>缺少 %1</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="516"/>
        <source>password is missing: the module takes username and password together or neither</source>
        <translation>缺少密码：模块要求用户名和密码同时提供或同时省略</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="521"/>
        <source>username is missing: the module takes username and password together or neither</source>
        <translation>缺少用户名：模块要求用户名和密码同时提供或同时省略</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="553"/>
        <location filename="../modem/at/builders.cpp" line="576"/>
        <source>at least one topic is required</source>
        <translation>至少需要一个主题</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="592"/>
        <location filename="../modem/at/linecheck.cpp" line="177"/>
        <source>msgid 0 is only allowed with qos 0; qos %1 needs a msgid of at least 1</source>
        <translation>msgid 为 0 仅适用于 qos 0；qos %1 需要 msgid 不小于 1</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="633"/>
        <source>%1 must not contain Ctrl+Z (0x1A): it ends the data; use the form with a length</source>
        <translation>%1 不能包含 Ctrl+Z（0x1A）：它会结束数据输入；请使用带长度的命令格式</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="639"/>
        <source>%1 must not contain ESC (0x1B): it cancels the input; use the form with a length</source>
        <translation>%1 不能包含 ESC（0x1B）：它会取消输入；请使用带长度的命令格式</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="861"/>
        <source>%1 has no test form</source>
        <translation>%1 没有测试命令</translation>
    </message>
</context>
<context>
    <name>qmt::at::Forms</name>
    <message>
        <location filename="../modem/at/formschema.cpp" line="110"/>
        <source>Client (client_idx)</source>
        <translation>客户端（client_idx）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="115"/>
        <source>SSL context (SSL_ctxID)</source>
        <translation>SSL 上下文（SSL_ctxID）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="120"/>
        <source>PDP context (contextID)</source>
        <translation>PDP 上下文（contextID）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="43"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="44"/>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="45"/>
        <source>at most once</source>
        <translation>最多一次</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="46"/>
        <source>at least once</source>
        <translation>至少一次</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="47"/>
        <source>exactly once</source>
        <translation>仅一次</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="49"/>
        <source>not retained</source>
        <translation>不保留</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="50"/>
        <source>retained by the broker</source>
        <translation>由服务器保留</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="90"/>
        <source>MQTT protocol version</source>
        <translation>MQTT 协议版本</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="91"/>
        <source>The MQTT version the client speaks to the broker.</source>
        <translation>客户端与服务器通信所用的 MQTT 版本。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="95"/>
        <source>Version (vsn)</source>
        <translation>版本（vsn）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="97"/>
        <source>MQTT 3.1</source>
        <translation>MQTT 3.1</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="98"/>
        <source>MQTT 3.1.1</source>
        <translation>MQTT 3.1.1</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="111"/>
        <source>PDP context of the client</source>
        <translation>客户端的 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="112"/>
        <source>The PDP context (AT+QICSGP/AT+QIACT) the client&apos;s network uses.</source>
        <translation>客户端网络所用的 PDP 上下文（AT+QICSGP/AT+QIACT）。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="117"/>
        <source>PDP context (cid)</source>
        <translation>PDP 上下文（cid）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="133"/>
        <source>SSL/TLS for the client</source>
        <translation>客户端的 SSL/TLS</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="134"/>
        <source>Binds the client to an SSL context set up with AT+QSSLCFG; the context is required when SSL is on.</source>
        <translation>将客户端绑定到用 AT+QSSLCFG 配置的 SSL 上下文；开启 SSL 时必须指定该上下文。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="139"/>
        <source>SSL (SSL_enable)</source>
        <translation>SSL（SSL_enable）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="141"/>
        <source>plain TCP</source>
        <translation>普通 TCP</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="142"/>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="152"/>
        <source>SSL context (SSL_ctx_idx)</source>
        <translation>SSL 上下文（SSL_ctx_idx）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="171"/>
        <source>Keep-alive time</source>
        <translation>保活时间</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="172"/>
        <source>The longest silence before the client pings the broker; 0 = never time out.</source>
        <translation>客户端向服务器发送 Ping 前允许的最长静默时间；0 = 永不超时。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="177"/>
        <source>Keep-alive (keep_alive_time)</source>
        <translation>保活（keep_alive_time）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="390"/>
        <location filename="../modem/at/settings.cpp" line="178"/>
        <location filename="../modem/at/settings.cpp" line="225"/>
        <location filename="../modem/at/settings.cpp" line="421"/>
        <location filename="../modem/at/settings.cpp" line="585"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="193"/>
        <source>Session type</source>
        <translation>会话类型</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="194"/>
        <source>Whether the broker keeps the client&apos;s subscriptions across connections.</source>
        <translation>服务器是否在多次连接之间保留客户端的订阅。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="199"/>
        <source>Session (clean_session)</source>
        <translation>会话（clean_session）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="201"/>
        <source>keep the session</source>
        <translation>保留会话</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="202"/>
        <source>clean session</source>
        <translation>清除会话</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="218"/>
        <source>Packet timeout and retries</source>
        <translation>数据包超时与重试</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="219"/>
        <source>How long the client waits for an acknowledgement, and how often it resends.</source>
        <translation>客户端等待确认的时长，以及重发的次数。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="224"/>
        <source>Packet timeout (pkt_timeout)</source>
        <translation>数据包超时（pkt_timeout）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="236"/>
        <source>Retries (retry_times)</source>
        <translation>重试次数（retry_times）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="248"/>
        <source>Report timeouts (timeout_notice)</source>
        <translation>报告超时（timeout_notice）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="250"/>
        <source>do not report</source>
        <translation>不报告</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="251"/>
        <source>report a packet timeout</source>
        <translation>报告数据包超时</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="51"/>
        <source>no will</source>
        <translation>无遗嘱</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="52"/>
        <source>publish a will</source>
        <translation>发布遗嘱</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="278"/>
        <source>Will message</source>
        <translation>遗嘱消息</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="279"/>
        <source>What the broker publishes when the client goes away without DISCONNECT. The message cannot contain a double quote.</source>
        <translation>客户端未发送 DISCONNECT 就断开时由服务器发布的消息。消息不能包含双引号。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="58"/>
        <source>Will (will_fg)</source>
        <translation>遗嘱（will_fg）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="60"/>
        <source>QoS (will_qos)</source>
        <translation>QoS（will_qos）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="63"/>
        <source>Retain (will_retain)</source>
        <translation>保留（will_retain）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="68"/>
        <source>Topic (will_topic)</source>
        <translation>主题（will_topic）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="263"/>
        <source>Message (will_msg)</source>
        <translation>消息（will_msg）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="317"/>
        <source>Will message with a length</source>
        <translation>带长度的遗嘱消息</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="318"/>
        <source>Like &quot;will&quot;, but the message is written after the &gt; prompt, so it may contain any byte.</source>
        <translation>与 &quot;will&quot; 相同，但消息在 &gt; 提示符之后写入，因此可包含任意字节。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="289"/>
        <source>Message (after &gt;)</source>
        <translation>消息（在 &gt; 之后）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="330"/>
        <source>Receive mode</source>
        <translation>接收模式</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="331"/>
        <source>How received messages reach the host. With the length in the URC, payloads that contain line breaks or quotes are read reliably.</source>
        <translation>接收到的消息如何送达主机。URC 中带有长度时，含换行符或引号的负载也能可靠读取。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="337"/>
        <source>Mode (msg_recv_mode)</source>
        <translation>模式（msg_recv_mode）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="339"/>
        <source>the message in the +QMTRECV URC</source>
        <translation>消息包含在 +QMTRECV URC 中</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="340"/>
        <source>stored in a buffer; the URC names the buffer</source>
        <translation>存储在接收缓存中；URC 指明缓存编号</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="350"/>
        <source>Length in the URC (msg_len_enable)</source>
        <translation>URC 中的长度（msg_len_enable）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="352"/>
        <source>no length</source>
        <translation>不带长度</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="353"/>
        <source>the URC carries the payload length</source>
        <translation>URC 携带负载长度</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="367"/>
        <source>Alibaba Cloud credentials</source>
        <translation>阿里云认证信息</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="368"/>
        <source>With these, AT+QMTCONN may omit user name and password. The device secret is a secret.</source>
        <translation>设置后，AT+QMTCONN 可省略用户名和密码。DeviceSecret 属于机密信息。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="374"/>
        <source>Product key</source>
        <translation>ProductKey</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="386"/>
        <source>Device name</source>
        <translation>DeviceName</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="398"/>
        <source>Device secret</source>
        <translation>DeviceSecret</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="415"/>
        <source>Ping interval</source>
        <translation>Ping 间隔</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="416"/>
        <source>How long the client waits for a PINGRESP.</source>
        <translation>客户端等待 PINGRESP 的时长。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="420"/>
        <source>Interval (qmtping_interval)</source>
        <translation>间隔（qmtping_interval）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="234"/>
        <source>Open a network connection</source>
        <translation>打开网络连接</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="236"/>
        <source>Opens the TCP (or TLS) link of a client to the broker; the result arrives as +QMTOPEN within 120 s.</source>
        <translation>打开客户端到服务器的 TCP（或 TLS）链路；结果在 120 秒内以 +QMTOPEN 返回。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="240"/>
        <source>Broker (host_name)</source>
        <translation>服务器（host_name）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="242"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="247"/>
        <source>Which networks are open</source>
        <translation>哪些网络已打开</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="249"/>
        <source>Lists every client whose network is open, with host and port.</source>
        <translation>列出所有已打开网络的客户端及其服务器地址和端口。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="252"/>
        <source>Close a network connection</source>
        <translation>关闭网络连接</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="254"/>
        <source>Closes the client&apos;s link; the result arrives as +QMTCLOSE.</source>
        <translation>关闭客户端的链路；结果以 +QMTCLOSE 返回。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="259"/>
        <source>Connect to the broker</source>
        <translation>连接服务器</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="261"/>
        <source>Sends CONNECT on an open network; +QMTCONN reports the broker&apos;s CONNACK.</source>
        <translation>在已打开的网络上发送 CONNECT；+QMTCONN 报告服务器的 CONNACK。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="264"/>
        <source>Client ID (clientid)</source>
        <translation>客户端 ID（clientid）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="266"/>
        <source>With user name and password</source>
        <translation>使用用户名和密码</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="267"/>
        <location filename="../modem/at/formschema.cpp" line="435"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="268"/>
        <location filename="../modem/at/formschema.cpp" line="436"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="275"/>
        <source>Connection states</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="277"/>
        <source>Every client&apos;s MQTT state: 1 initializing, 2 connecting, 3 connected, 4 disconnecting.</source>
        <translation>每个客户端的 MQTT 状态：1 初始化，2 正在连接，3 已连接，4 正在断开。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="281"/>
        <source>Disconnect from the broker</source>
        <translation>断开与服务器的连接</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="283"/>
        <source>Sends DISCONNECT; the module also closes the network (+QMTDISC).</source>
        <translation>发送 DISCONNECT；模块同时关闭网络（+QMTDISC）。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="291"/>
        <source>Topic filters</source>
        <translation>主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="297"/>
        <source>Subscribe</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="299"/>
        <source>Subscribes to one or more topic filters (+ and # allowed); +QMTSUB reports the granted QoS of each.</source>
        <translation>订阅一个或多个主题过滤器（允许使用 + 和 #）；+QMTSUB 报告每个过滤器被授予的 QoS。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="303"/>
        <location filename="../modem/at/formschema.cpp" line="314"/>
        <location filename="../modem/at/formschema.cpp" line="327"/>
        <source>Packet ID (msgid)</source>
        <translation>数据包 ID（msgid）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="310"/>
        <source>Unsubscribe</source>
        <translation>退订</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="312"/>
        <source>Unsubscribes from one or more topic filters.</source>
        <translation>退订一个或多个主题过滤器。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="328"/>
        <source>(0 only with QoS 0)</source>
        <translation>（0 仅用于 QoS 0）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="330"/>
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="331"/>
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="332"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="337"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="339"/>
        <source>Publishes a message of up to 1500 bytes, written after the &gt; prompt; at most 5 may await their acknowledgement.</source>
        <translation>发布最长 1500 字节的消息，消息在 &gt; 提示符之后写入；最多 5 条消息可同时等待确认。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="342"/>
        <location filename="../modem/at/formschema.cpp" line="352"/>
        <source>Payload (after &gt;)</source>
        <translation>负载（在 &gt; 之后）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="347"/>
        <source>Publish, ended by Ctrl+Z (older)</source>
        <translation>发布，以 Ctrl+Z 结束（旧版）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="349"/>
        <source>The older publish command of some firmware: the data after &gt; ends with Ctrl+Z, so it must not contain Ctrl+Z or ESC.</source>
        <translation>部分固件的旧版发布命令：&gt; 之后的数据以 Ctrl+Z 结束，因此不能包含 Ctrl+Z 或 ESC。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="360"/>
        <source>Read stored messages</source>
        <translation>读取缓存的消息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="362"/>
        <source>In receive mode 1, reads the messages held in the client&apos;s buffers (all, or one).</source>
        <translation>在接收模式 1 下，读取客户端接收缓存中的消息（全部或其中一个）。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="365"/>
        <source>Only one buffer</source>
        <translation>仅一个缓存</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="366"/>
        <source>Buffer (recv_id)</source>
        <translation>缓存（recv_id）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="373"/>
        <source>Which buffers hold messages</source>
        <translation>哪些缓存存有消息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="375"/>
        <source>For each client, which of its 5 buffers hold a message.</source>
        <translation>每个客户端的 5 个接收缓存中哪些存有消息。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="380"/>
        <source>Upload a file</source>
        <translation>上传文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="382"/>
        <source>Stores a file (a certificate, a key) on the module; RAM: files are lost at restart. The module answers with a checksum to compare.</source>
        <translation>将文件（证书、私钥）存储到模块上；RAM: 中的文件在重启后丢失。模块会返回校验和以供比对。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="385"/>
        <location filename="../modem/at/formschema.cpp" line="408"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="387"/>
        <source>Content (after CONNECT)</source>
        <translation>内容（在 CONNECT 之后发送）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="388"/>
        <source>Set the upload timeout</source>
        <translation>设置上传超时</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="389"/>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="398"/>
        <source>List files</source>
        <translation>列出文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="400"/>
        <source>Lists the files that match, with their sizes (&quot;*&quot;: all).</source>
        <translation>列出匹配的文件及其大小（&quot;*&quot;：全部）。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="401"/>
        <source>Pattern</source>
        <translation>匹配模式</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="405"/>
        <source>Delete a file</source>
        <translation>删除文件</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="407"/>
        <source>Deletes a file; &quot;*&quot; deletes them all.</source>
        <translation>删除文件；&quot;*&quot; 删除全部文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="411"/>
        <source>Free space</source>
        <translation>剩余空间</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="413"/>
        <source>Free and total bytes of a storage medium (UFS or RAM).</source>
        <translation>存储介质（UFS 或 RAM）的剩余字节数和总字节数。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="414"/>
        <source>Medium</source>
        <translation>存储介质</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="453"/>
        <source>SSL version</source>
        <translation>SSL 版本</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="458"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="460"/>
        <source>SSL 3.0</source>
        <translation>SSL 3.0</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="461"/>
        <source>TLS 1.0</source>
        <translation>TLS 1.0</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="462"/>
        <source>TLS 1.1</source>
        <translation>TLS 1.1</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="463"/>
        <source>TLS 1.2</source>
        <translation>TLS 1.2</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="464"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="479"/>
        <source>Cipher suites</source>
        <translation>加密套件</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="484"/>
        <source>Cipher suite</source>
        <translation>加密套件</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="485"/>
        <source>(e.g. 0X0035, 0X002F, 0XC02F; 0XFFFF = all)</source>
        <translation>（例如 0X0035、0X002F、0XC02F；0XFFFF = 全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="501"/>
        <source>Authentication level</source>
        <translation>认证级别</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="506"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="508"/>
        <source>no authentication</source>
        <translation>不认证</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="509"/>
        <source>verify the server</source>
        <translation>验证服务器</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="510"/>
        <source>verify server and client</source>
        <translation>验证服务器和客户端</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="524"/>
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="445"/>
        <source>A file uploaded with AT+QFUPL.</source>
        <translation>用 AT+QFUPL 上传的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="526"/>
        <location filename="../modem/at/settings.cpp" line="536"/>
        <location filename="../modem/at/settings.cpp" line="546"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="534"/>
        <source>Client certificate file</source>
        <translation>客户端证书文件</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="544"/>
        <source>Client key file</source>
        <translation>客户端私钥文件</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="555"/>
        <source>Ignore the validity period</source>
        <translation>忽略有效期</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="556"/>
        <source>Modules without a set clock fail the handshake unless the certificates&apos; validity period is ignored.</source>
        <translation>未设置时钟的模块会握手失败，除非忽略证书的有效期。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="561"/>
        <source>Validity period</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="563"/>
        <source>check it</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="564"/>
        <source>ignore it</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="579"/>
        <source>Handshake time limit</source>
        <translation>握手时限</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="584"/>
        <source>Time limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="601"/>
        <source>Server name indication</source>
        <translation>服务器名称指示</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="602"/>
        <source>TLS hosts that share an IP address need SNI on.</source>
        <translation>共用同一 IP 地址的 TLS 主机需要开启 SNI。</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="603"/>
        <source>SNI</source>
        <translation>SNI</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="424"/>
        <source>Define a PDP context</source>
        <translation>配置 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="426"/>
        <source>The APN and credentials of the operator&apos;s data network.</source>
        <translation>运营商数据网络的 APN 和凭证。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="428"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="429"/>
        <source>IPv4</source>
        <translation>IPv4</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="430"/>
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="431"/>
        <source>IPv4v6</source>
        <translation>IPv4v6</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="433"/>
        <source>APN</source>
        <translation>APN</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="437"/>
        <source>Authentication</source>
        <translation>认证方式</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="438"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="439"/>
        <source>PAP</source>
        <translation>PAP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="440"/>
        <source>CHAP</source>
        <translation>CHAP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="441"/>
        <source>PAP or CHAP</source>
        <translation>PAP 或 CHAP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="452"/>
        <source>Activate a PDP context</source>
        <translation>激活 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="454"/>
        <source>Brings the data connection up (up to 150 s); ERROR if it is already active.</source>
        <translation>建立数据连接（最长 150 s）；如已激活则返回 ERROR。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="457"/>
        <source>Active PDP contexts</source>
        <translation>已激活的 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="459"/>
        <source>Lists the active contexts with their IP addresses.</source>
        <translation>列出已激活的上下文及其 IP 地址。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="461"/>
        <source>Deactivate a PDP context</source>
        <translation>反激活 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="466"/>
        <source>Is the module there</source>
        <translation>模块是否在线</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="467"/>
        <source>The module answers OK.</source>
        <translation>模块返回 OK。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="470"/>
        <source>Command echo</source>
        <translation>命令回显</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="471"/>
        <source>Whether the module repeats each command line it receives.</source>
        <translation>模块是否回显收到的每条命令行。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="472"/>
        <source>Echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="474"/>
        <source>Error reports</source>
        <translation>错误报告</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="475"/>
        <source>How the module reports errors.</source>
        <translation>模块报告错误的方式。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="476"/>
        <source>Errors as</source>
        <translation>错误格式</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="477"/>
        <source>plain ERROR</source>
        <translation>仅 ERROR</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="478"/>
        <source>+CME ERROR with a number</source>
        <translation>+CME ERROR 加数字代码</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="479"/>
        <source>+CME ERROR with a text</source>
        <translation>+CME ERROR 加文字说明</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="482"/>
        <source>Module identity</source>
        <translation>模块信息</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="483"/>
        <source>Manufacturer, model and revision.</source>
        <translation>制造商、型号和版本。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="485"/>
        <source>Firmware revision</source>
        <translation>固件版本</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="501"/>
        <source>Ask for the ranges (test form)</source>
        <translation>查询取值范围（测试命令）</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="503"/>
        <source>The module lists what it accepts; its answer replaces the spec&apos;s ranges in every form.</source>
        <translation>模块列出其接受的取值；其回复将替换所有表单中规范规定的范围。</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="506"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="733"/>
        <source>Configure</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="735"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="737"/>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="739"/>
        <source>Publish/Subscribe</source>
        <translation>发布/订阅</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="741"/>
        <source>Receive</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="743"/>
        <source>Files &amp; TLS</source>
        <translation>文件与 TLS</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="745"/>
        <source>PDP</source>
        <translation>PDP</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="747"/>
        <source>Basic</source>
        <translation>基本</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="871"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="874"/>
        <source>%1 bytes each</source>
        <translation>每个 %1 字节</translation>
    </message>
</context>
<context>
    <name>qmt::at::LineCheck</name>
    <message>
        <location filename="../modem/at/linecheck.cpp" line="86"/>
        <source>%1 %2 is not a number</source>
        <translation>%1 %2 不是数字</translation>
    </message>
</context>
<context>
    <name>qmt::at::Pem</name>
    <message>
        <location filename="../modem/at/pem.cpp" line="83"/>
        <source>This is a certificate request (CSR), not a certificate. Have it signed by your CA (or the cloud console) and choose the certificate you get back.</source>
        <translation>这是证书请求（CSR），不是证书。请让您的 CA（或云平台控制台）签发，然后选择签发后得到的证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="87"/>
        <source>This is a public key. The module needs the private key that belongs to the client certificate.</source>
        <translation>这是公钥。模块需要与客户端证书配对的私钥。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="89"/>
        <source>This is a public key, not a certificate.</source>
        <translation>这是公钥，不是证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="91"/>
        <source>This is OpenSSL&apos;s &quot;TRUSTED CERTIFICATE&quot; form, which modules do not read. Convert it: openssl x509 -in &lt;file&gt; -out cert.pem</source>
        <translation>这是 OpenSSL 的 &quot;TRUSTED CERTIFICATE&quot; 格式，模块无法读取。请转换：openssl x509 -in &lt;file&gt; -out cert.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="95"/>
        <source>This is an OpenSSH key, not a TLS key. Choose the key that belongs to the client certificate.</source>
        <translation>这是 OpenSSH 密钥，不是 TLS 密钥。请选择与客户端证书配对的密钥。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="98"/>
        <source>This is a %1, which the module cannot use. Use an RSA or EC key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY).</source>
        <translation>这是 %1，模块无法使用。请使用 RSA 或 EC 密钥（-----BEGIN PRIVATE KEY-----、RSA PRIVATE KEY 或 EC PRIVATE KEY）。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="102"/>
        <source>This is a PKCS#7 bundle. Extract the certificates: openssl pkcs7 -print_certs -in &lt;file&gt; -out certs.pem</source>
        <translation>这是 PKCS#7 证书包。请提取其中的证书：openssl pkcs7 -print_certs -in &lt;file&gt; -out certs.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="106"/>
        <source>This file holds a -----BEGIN %1----- block, not a private key.</source>
        <translation>此文件包含 -----BEGIN %1----- 块，而不是私钥。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="107"/>
        <source>This file holds a -----BEGIN %1----- block, not a certificate.</source>
        <translation>此文件包含 -----BEGIN %1----- 块，而不是证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="117"/>
        <source>RSA private key (PKCS#1)</source>
        <translation>RSA 私钥（PKCS#1）</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="118"/>
        <source>EC private key (SEC1)</source>
        <translation>EC 私钥（SEC1）</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="119"/>
        <source>private key (PKCS#8)</source>
        <translation>私钥（PKCS#8）</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="120"/>
        <source>%1, %2 bytes</source>
        <translation>%1，%2 字节</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/at/pem.cpp" line="122"/>
        <source>%n certificate(s), %1 bytes</source>
        <translation>
            <numerusform>%n 个证书，%1 字节</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="136"/>
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="141"/>
        <source>The file has %1 KB, more than the %2 KB a module takes for a certificate. A whole CA bundle? Choose only the CA certificate that signed your server&apos;s certificate.</source>
        <translation>文件大小为 %1 KB，超过模块对证书的上限 %2 KB。是完整的 CA 证书包吗？请只选择签发您服务器证书的那个 CA 证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="146"/>
        <source>The file has %1 KB, more than the %2 KB a module takes for a key.</source>
        <translation>文件大小为 %1 KB，超过模块对密钥的上限 %2 KB。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="153"/>
        <source>This is a binary (DER) file, not PEM. Convert it: openssl x509 -inform der -in &lt;file&gt; -out cert.pem</source>
        <translation>这是二进制（DER）文件，不是 PEM。请转换：openssl x509 -inform der -in &lt;file&gt; -out cert.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="155"/>
        <source>This is a binary (DER) file, not PEM. Convert it: openssl pkey -inform der -in &lt;file&gt; -out key.pem</source>
        <translation>这是二进制（DER）文件，不是 PEM。请转换：openssl pkey -inform der -in &lt;file&gt; -out key.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="157"/>
        <source>This is a binary file, not a PEM text file.</source>
        <translation>这是二进制文件，不是 PEM 文本文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="185"/>
        <source>Line %1 ends a block that never began: the file is damaged.</source>
        <translation>第 %1 行结束了一个从未开始的块：文件已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="193"/>
        <location filename="../modem/at/pem.cpp" line="229"/>
        <source>The -----BEGIN %1----- block of line %2 has no END line: the file is cut short or damaged.</source>
        <translation>第 %2 行的 -----BEGIN %1----- 块没有 END 行：文件被截断或已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="202"/>
        <source>Line %1 ends a %2 block that began as %3: the file is damaged.</source>
        <translation>第 %1 行结束的是 %2 块，但该块以 %3 开始：文件已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="210"/>
        <source>The -----BEGIN %1----- block of line %2 is not valid base64: the file is damaged.</source>
        <translation>第 %2 行的 -----BEGIN %1----- 块不是有效的 base64：文件已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="264"/>
        <source>This is a private key, not a certificate. Choose it as the client key; here choose a file with -----BEGIN CERTIFICATE-----.</source>
        <translation>这是私钥，不是证书。请将它选作客户端私钥；此处请选择包含 -----BEGIN CERTIFICATE----- 的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="270"/>
        <source>This file holds a private key as well as certificates. Never upload a key as a certificate: extract the certificates with openssl x509 -in &lt;file&gt; -out cert.pem.</source>
        <translation>此文件除证书外还包含私钥。切勿将私钥作为证书上传：请用 openssl x509 -in &lt;file&gt; -out cert.pem 提取证书。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="277"/>
        <source>This is not a PEM certificate: there is no -----BEGIN CERTIFICATE----- line.</source>
        <translation>这不是 PEM 证书：没有 -----BEGIN CERTIFICATE----- 行。</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/at/pem.cpp" line="280"/>
        <source>A chain of %n certificates; the module gets all of them.</source>
        <translation>
            <numerusform>证书链包含 %n 个证书；模块会收到全部证书。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="286"/>
        <source>This key is encrypted with a passphrase, which the module cannot use. Save it without one: openssl pkey -in &lt;file&gt; -out key.pem (keep that file safe).</source>
        <translation>此密钥已用口令加密，模块无法使用。请另存为不带口令的密钥：openssl pkey -in &lt;file&gt; -out key.pem（请妥善保管该文件）。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="292"/>
        <source>This is a certificate, not a private key. Choose the file with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY) that belongs to the client certificate.</source>
        <translation>这是证书，不是私钥。请选择与客户端证书配对、包含 -----BEGIN PRIVATE KEY-----（或 RSA/EC PRIVATE KEY）的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="299"/>
        <source>This is not a PEM private key: there is no -----BEGIN PRIVATE KEY----- line.</source>
        <translation>这不是 PEM 私钥：没有 -----BEGIN PRIVATE KEY----- 行。</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/at/pem.cpp" line="304"/>
        <source>This file holds %n private keys; the module takes exactly one.</source>
        <translation>
            <numerusform>此文件包含 %n 个私钥；模块只接受一个。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="308"/>
        <source>This file holds certificates as well as the key; the module expects the key alone. Extract it: openssl pkey -in &lt;file&gt; -out key.pem</source>
        <translation>此文件除私钥外还包含证书；模块只需要私钥本身。请提取：openssl pkey -in &lt;file&gt; -out key.pem</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="311"/>
        <source>The EC PARAMETERS block before the key is uploaded too; modules skip it.</source>
        <translation>密钥前的 EC PARAMETERS 块也会被上传；模块会跳过它。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="314"/>
        <source>The -----BEGIN %1----- block is uploaded too; the module ignores it.</source>
        <translation>-----BEGIN %1----- 块也会被上传；模块会忽略它。</translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="317"/>
        <source>Text outside the PEM blocks (such as openssl&apos;s &quot;subject=&quot; lines) is uploaded as it is.</source>
        <translation>PEM 块之外的文本（例如 openssl 的 &quot;subject=&quot; 行）会原样上传。</translation>
    </message>
</context>
<context>
    <name>qmt::at::Settings</name>
    <message>
        <location filename="../modem/at/settings.cpp" line="660"/>
        <location filename="../modem/at/settings.cpp" line="663"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="661"/>
        <source>hidden</source>
        <translation>已隐藏</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="664"/>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="668"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>qmt::at::syntax</name>
    <message>
        <location filename="../modem/at/syntax.cpp" line="55"/>
        <source>configure a client slot; without the value it reads the setting back</source>
        <translation>配置客户端；不带值时读取当前设置</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="89"/>
        <source>MQTT protocol version: 3 = MQTT 3.1, 4 = MQTT 3.1.1</source>
        <translation>MQTT 协议版本：3 = MQTT 3.1，4 = MQTT 3.1.1</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="110"/>
        <source>the PDP context the slot uses, 1-16 (default 1)</source>
        <translation>客户端使用的 PDP 上下文，1-16（默认 1）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="132"/>
        <source>TLS for the slot: enable 0/1 and the SSL context 0-5 to use</source>
        <translation>客户端的 TLS：启用 0/1，以及使用的 SSL 上下文 0-5</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="169"/>
        <source>keep-alive interval 0-3600 s (default 120; 0 = never time out)</source>
        <translation>保活间隔 0-3600 s（默认 120；0 = 永不超时）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="192"/>
        <source>0 keeps the session after a disconnect, 1 starts clean</source>
        <translation>0 断开连接后保留会话，1 清除会话</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="215"/>
        <source>packet timeout 1-60 s (default 5), retries 0-10 (default 3), report timeouts 0/1</source>
        <translation>数据包超时 1-60 s（默认 5），重试次数 0-10（默认 3），是否报告超时 0/1</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="276"/>
        <source>last will: flag 0/1, QoS 0-2, retain 0/1, topic, message (no &quot; inside)</source>
        <translation>遗嘱：标志 0/1，QoS 0-2，保留 0/1，主题，消息（不能包含 &quot;）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="315"/>
        <source>last will whose message (0-256 bytes) is written after the &apos;&gt;&apos; prompt</source>
        <translation>遗嘱，其消息（0-256 字节）在 &apos;&gt;&apos; 提示符后写入</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="328"/>
        <source>mode 0 = message in the URC, 1 = stored in a buffer; length 1 = the URC carries the payload length</source>
        <translation>模式 0 = 消息包含在 URC 中，1 = 存入缓存；长度 1 = URC 带有负载长度</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="366"/>
        <source>Alibaba Cloud device credentials (the secret is a secret)</source>
        <translation>阿里云设备凭证（密钥须保密）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="414"/>
        <source>interval of the module&apos;s own pings, 5-60 s (default 5)</source>
        <translation>模块自身 Ping 的间隔，5-60 s（默认 5）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="60"/>
        <source>open a network connection for a slot; the result comes as +QMTOPEN: &lt;client_idx&gt;,&lt;result&gt;</source>
        <translation>为客户端打开网络连接；结果以 +QMTOPEN: &lt;client_idx&gt;,&lt;result&gt; 返回</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="64"/>
        <source>close the slot&apos;s network connection</source>
        <translation>关闭客户端的网络连接</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="67"/>
        <source>connect the slot to the MQTT server; the result comes as +QMTCONN: &lt;client_idx&gt;,&lt;result&gt;[,&lt;ret_code&gt;]</source>
        <translation>将客户端连接到 MQTT 服务器；结果以 +QMTCONN: &lt;client_idx&gt;,&lt;result&gt;[,&lt;ret_code&gt;] 返回</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="71"/>
        <source>disconnect the slot from the MQTT server</source>
        <translation>断开客户端与 MQTT 服务器的连接</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="76"/>
        <source>subscribe to topic filters; msgid 1-65535, QoS 0-2</source>
        <translation>订阅主题过滤器；msgid 1-65535，QoS 0-2</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="78"/>
        <source>unsubscribe from topic filters</source>
        <translation>退订主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="81"/>
        <source>publish: after the &apos;&gt;&apos; prompt write exactly msg_length bytes (msgid 0 only with QoS 0)</source>
        <translation>发布：在 &apos;&gt;&apos; 提示符后写入恰好 msg_length 字节（msgid 0 仅用于 QoS 0）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="86"/>
        <source>older publish: after &apos;&gt;&apos; write the message ended by Ctrl+Z, or msg_length bytes</source>
        <translation>旧式发布：在 &apos;&gt;&apos; 后写入以 Ctrl+Z 结尾的消息，或 msg_length 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="90"/>
        <source>read the messages stored in buffer mode (recv_id 0-4); AT+QMTRECV? shows which buffers are full</source>
        <translation>读取缓存模式下存储的消息（recv_id 0-4）；AT+QMTRECV? 显示哪些缓存已满</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="96"/>
        <source>upload a file (RAM:name or UFS:name): after CONNECT send file_size bytes</source>
        <translation>上传文件（RAM:name 或 UFS:name）：在 CONNECT 之后发送 file_size 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="99"/>
        <source>list the files matching the pattern (&quot;*&quot; for all)</source>
        <translation>列出与匹配模式相符的文件（&quot;*&quot; 表示全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="101"/>
        <source>delete a file (&quot;*&quot; deletes all)</source>
        <translation>删除文件（&quot;*&quot; 删除全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="103"/>
        <source>free and total bytes of a storage medium (&quot;UFS&quot;)</source>
        <translation>存储介质（&quot;UFS&quot;）的剩余字节数和总字节数</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="107"/>
        <source>configure an SSL context 0-5; without the value it reads the setting back</source>
        <translation>配置 SSL 上下文 0-5；不带值时读取当前设置</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="452"/>
        <source>0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all</source>
        <translation>0 SSL 3.0，1 TLS 1.0，2 TLS 1.1，3 TLS 1.2，4 全部</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="478"/>
        <source>cipher suite in hex, unquoted (0X0035, 0XC02F …; 0XFFFF all)</source>
        <translation>hex 形式的加密套件，不加引号（0X0035、0XC02F …；0XFFFF 全部）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="499"/>
        <source>0 no authentication, 1 verify the server, 2 verify server and client</source>
        <translation>0 不认证，1 验证服务器，2 验证服务器和客户端</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="523"/>
        <source>the uploaded CA certificate, e.g. &quot;RAM:cacert.pem&quot;</source>
        <translation>已上传的 CA 证书，例如 &quot;RAM:cacert.pem&quot;</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="533"/>
        <source>the uploaded client certificate</source>
        <translation>已上传的客户端证书</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="543"/>
        <source>the uploaded private key of the client certificate</source>
        <translation>已上传的客户端证书私钥</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="554"/>
        <source>1 ignores the certificates&apos; validity period</source>
        <translation>1 忽略证书有效期</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="578"/>
        <source>time limit of the TLS handshake, 10-300 s (default 300)</source>
        <translation>TLS 握手时限，10-300 s（默认 300）</translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="599"/>
        <source>server name indication 0/1; hosts sharing an IP address need 1</source>
        <translation>服务器名称指示 0/1；共用 IP 地址的主机需设为 1</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="115"/>
        <source>define a PDP context: type 1 IPv4, 2 IPv6, 3 IPv4v6; APN; authentication 0 none, 1 PAP, 2 CHAP</source>
        <translation>配置 PDP 上下文：类型 1 IPv4，2 IPv6，3 IPv4v6；APN；认证方式 0 无，1 PAP，2 CHAP</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="119"/>
        <source>activate a PDP context (up to 150 s; ERROR if it is already active)</source>
        <translation>激活 PDP 上下文（最长 150 s；如已激活则返回 ERROR）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="122"/>
        <source>deactivate a PDP context</source>
        <translation>反激活 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="126"/>
        <source>check that the module answers</source>
        <translation>检查模块是否响应</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="128"/>
        <source>command echo: ATE0 off, ATE1 on (the default after power-up)</source>
        <translation>命令回显：ATE0 关闭，ATE1 开启（上电后的默认值）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="131"/>
        <source>the module&apos;s manufacturer, model and revision</source>
        <translation>模块的制造商、型号和版本</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="133"/>
        <source>the firmware revision</source>
        <translation>固件版本</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="135"/>
        <source>the firmware revision (3GPP form)</source>
        <translation>固件版本（3GPP 格式）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="137"/>
        <source>error reports: 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose</source>
        <translation>错误报告：0 仅 ERROR，1 数字 +CME ERROR，2 详细文字</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="140"/>
        <source>functionality: 0 minimum, 1 full, 4 radio off; rst 1 restarts the module</source>
        <translation>功能模式：0 最小功能，1 全功能，4 关闭射频；rst 1 重启模块</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="143"/>
        <source>the SIM card&apos;s state (+CPIN: READY when usable)</source>
        <translation>SIM 卡状态（可用时为 +CPIN: READY）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="145"/>
        <source>the port the module sends URCs to: &quot;usbat&quot;, &quot;usbmodem&quot; or &quot;uart1&quot;</source>
        <translation>模块输出 URC 的端口：&quot;usbat&quot;、&quot;usbmodem&quot; 或 &quot;uart1&quot;</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="150"/>
        <source>result codes: ATV1 words (OK), ATV0 numbers (0 for OK, 4 for ERROR)</source>
        <translation>结果码：ATV1 为文字（OK），ATV0 为数字（0 表示 OK，4 表示 ERROR）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="153"/>
        <source>restore the saved settings (echo, result codes, error reports)</source>
        <translation>恢复保存的设置（回显、结果码、错误报告）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="156"/>
        <source>save the current settings</source>
        <translation>保存当前设置</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="158"/>
        <source>the manufacturer</source>
        <translation>制造商</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="159"/>
        <source>the model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="160"/>
        <location filename="../modem/at/syntax.cpp" line="161"/>
        <source>the IMEI</source>
        <translation>IMEI</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="162"/>
        <source>the SIM&apos;s IMSI</source>
        <translation>SIM 卡的 IMSI</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="164"/>
        <source>the SIM&apos;s ICCID</source>
        <translation>SIM 卡的 ICCID</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="166"/>
        <source>signal quality: rssi 0-31 (-113 + 2 x rssi dBm, 99 unknown), ber</source>
        <translation>信号质量：rssi 0-31（-113 + 2 x rssi dBm，99 表示未知），ber</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="169"/>
        <source>signal of the serving system: LTE rssi, rsrp, sinr, rsrq</source>
        <translation>服务系统的信号：LTE rssi、rsrp、sinr、rsrq</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="171"/>
        <source>network registration: stat 1 home, 5 roaming, 2 searching, 3 denied; n 1-2 report changes</source>
        <translation>网络注册：stat 1 本地网，5 漫游，2 搜索中，3 被拒绝；n 为 1-2 时上报变化</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="175"/>
        <source>packet domain registration, as AT+CREG</source>
        <translation>分组域注册，同 AT+CREG</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="177"/>
        <source>LTE registration, as AT+CREG</source>
        <translation>LTE 注册，同 AT+CREG</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="179"/>
        <source>the operator: registered network, or the list of networks (=?)</source>
        <translation>运营商：已注册的网络，或网络列表（=?）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="182"/>
        <source>packet domain attach: 1 attached, 0 detached</source>
        <translation>分组域附着：1 已附着，0 已分离</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="184"/>
        <source>define a PDP context (type IP, IPV6 or IPV4V6, and its APN)</source>
        <translation>定义 PDP 上下文（类型 IP、IPV6 或 IPV4V6，及其 APN）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="187"/>
        <source>activate (1) or deactivate (0) a PDP context</source>
        <translation>激活（1）或去激活（0）PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="189"/>
        <source>the address of a PDP context</source>
        <translation>PDP 上下文的地址</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="191"/>
        <source>the serving network: access technology, operator, band, channel</source>
        <translation>服务网络：接入技术、运营商、频段、信道</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="194"/>
        <source>the names of the registered network</source>
        <translation>已注册网络的名称</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="196"/>
        <source>extended settings: &quot;nwscanmode&quot;, &quot;nwscanseq&quot;, &quot;iotopmode&quot;, &quot;band&quot; (the value omitted reads it back)</source>
        <translation>扩展设置：&quot;nwscanmode&quot;、&quot;nwscanseq&quot;、&quot;iotopmode&quot;、&quot;band&quot;（省略取值则读回当前值）</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="200"/>
        <source>set the clock from an NTP server; +QNTP: &lt;err&gt;,&quot;&lt;time&gt;&quot; follows</source>
        <translation>从 NTP 服务器同步时钟；随后上报 +QNTP: &lt;err&gt;,&quot;&lt;time&gt;&quot;</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="203"/>
        <source>the module&apos;s clock</source>
        <translation>模块的时钟</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="205"/>
        <source>the latest time the network synchronised</source>
        <translation>网络最近一次同步的时间</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="208"/>
        <source>the slot&apos;s link changed state; the client is disconnected</source>
        <translation>客户端的链路状态改变；客户端已断开</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="211"/>
        <source>result 1: the keep-alive ping failed, the connection is closed</source>
        <translation>结果 1：保活 Ping 失败，连接已关闭</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="214"/>
        <source>a message arrived (receive mode 0); in mode 1 +QMTRECV: &lt;client_idx&gt;,&lt;recv_id&gt; names its buffer</source>
        <translation>收到消息（接收模式 0）；在模式 1 下，+QMTRECV: &lt;client_idx&gt;,&lt;recv_id&gt; 指明其所在缓存</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="219"/>
        <source>boot: the SIM type was detected</source>
        <translation>启动：已检测到 SIM 卡类型</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="221"/>
        <source>an indication of the module, e.g. SMS DONE at boot</source>
        <translation>模块的指示信息，例如启动时的 SMS DONE</translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="223"/>
        <source>the network deactivated the PDP context</source>
        <translation>网络侧反激活了 PDP 上下文</translation>
    </message>
</context>
<context>
    <name>qmt::mqtt::LocalBroker</name>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="49"/>
        <source>%1: timed out</source>
        <translation>%1：超时</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="75"/>
        <location filename="../modem/mqtt/localbroker.cpp" line="258"/>
        <location filename="../modem/mqtt/localbroker.cpp" line="308"/>
        <location filename="../modem/mqtt/localbroker.cpp" line="416"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="81"/>
        <source>%1 %2: timed out</source>
        <translation>%1 %2：超时</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="85"/>
        <source>%1 %2 failed (%3): %4</source>
        <translation>%1 %2 失败（%3）：%4</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="193"/>
        <source>cannot create a temporary directory: %1</source>
        <translation>无法创建临时目录：%1</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="199"/>
        <source>mosquitto not found in PATH or /usr/sbin (Debian: apt-get install mosquitto)</source>
        <translation>在 PATH 或 /usr/sbin 中找不到 mosquitto（Debian：apt-get install mosquitto）</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="204"/>
        <source>%1: no such program</source>
        <translation>%1：找不到该程序</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="209"/>
        <source>port %1 on 127.0.0.1 is already in use</source>
        <translation>127.0.0.1 的端口 %1 已被占用</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="216"/>
        <source>no free loopback port</source>
        <translation>没有可用的回环端口</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="224"/>
        <source>mosquitto_passwd not found in PATH</source>
        <translation>在 PATH 中找不到 mosquitto_passwd</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="255"/>
        <source>%1 (user %2)</source>
        <translation>%1（用户 %2）</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="266"/>
        <source>%1 failed (%2): %3</source>
        <translation>%1 失败（%2）：%3</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="319"/>
        <source>mosquitto exited (code %1):
%2</source>
        <translation>mosquitto 已退出（退出码 %1）：
%2</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="344"/>
        <source>mosquitto did not listen on port %1 in time:
%2</source>
        <translation>mosquitto 未能及时在端口 %1 上监听：
%2</translation>
    </message>
</context>
<context>
    <name>qmt::mqtt::PkiMaker</name>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="55"/>
        <source>openssl %1: timed out</source>
        <translation>openssl %1：超时</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="82"/>
        <source>openssl not found in PATH (Debian: apt-get install openssl)</source>
        <translation>在 PATH 中找不到 openssl（Debian：apt-get install openssl）</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="87"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="170"/>
        <source>openssl: %1</source>
        <translation>openssl：%1</translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="177"/>
        <source>openssl %1 failed (%2): %3</source>
        <translation>openssl %1 失败（%2）：%3</translation>
    </message>
</context>
<context>
    <name>qmt::session::CertCheck</name>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="112"/>
        <source>RSA %1-bit</source>
        <translation>RSA %1 位</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="123"/>
        <source>unknown type</source>
        <translation>未知类型</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="153"/>
        <source>Certificate %1 of %2 is not an X.509 certificate (%3): the file is damaged or holds something else under a CERTIFICATE label. Export the certificate again, in PEM form.</source>
        <translation>%2 中的第 %1 个证书不是 X.509 证书（%3）：文件已损坏，或在 CERTIFICATE 标签下存放了其他内容。请以 PEM 格式重新导出证书。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="158"/>
        <location filename="../modem/workflows/certcheck.cpp" line="290"/>
        <source>it does not decode</source>
        <translation>无法解码</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="183"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="184"/>
        <source>%1, certificate %2 of %3 (%4)</source>
        <translation>%1，%3 中的第 %2 个证书（%4）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="203"/>
        <source>%1 has validity dates that cannot be read. Export the certificate again.</source>
        <translation>%1 的有效期无法读取。请重新导出证书。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="210"/>
        <source>Get the CA certificate in use now from whoever runs the broker.</source>
        <translation>请向代理服务器的运维方索取当前使用的 CA 证书。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="212"/>
        <source>Get a new client certificate (and its key) from your CA or cloud console.</source>
        <translation>请从您的 CA 或云控制台获取新的客户端证书（及其私钥）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/certcheck.cpp" line="214"/>
        <source>%1 expired on %2 (%n day(s) ago): the connection will be refused. %3</source>
        <translation>
            <numerusform>%1 已于 %2 过期（%n 天前）：连接将被拒绝。%3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/certcheck.cpp" line="220"/>
        <source>%1 is not valid yet: it is valid from %2 (in %n day(s)) to %3. Until then it is refused, unless the clock of this computer is wrong.</source>
        <translation>
            <numerusform>%1 尚未生效：有效期为 %2（%n 天后）至 %3。在此之前会被拒绝，除非本机时钟有误。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/certcheck.cpp" line="227"/>
        <source>%1 expires on %2, in %n day(s). Renew it before then, or the connection will fail.</source>
        <translation>
            <numerusform>%1 将于 %2 过期（%n 天后）。请在此之前续期，否则连接将失败。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="232"/>
        <source>%1 is valid from %2 to %3.</source>
        <translation>%1 的有效期为 %2 至 %3。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="287"/>
        <source>%1 is not a private key OpenSSL can read (%2): the file is damaged or of a kind the module cannot use either. Export the key again, in PEM form.</source>
        <translation>%1 不是 OpenSSL 能读取的私钥（%2）：文件已损坏，或是模块也无法使用的类型。请以 PEM 格式重新导出私钥。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="300"/>
        <source>%1 and %2 cannot be compared: the key is encrypted with a passphrase, which the module cannot enter either. Save the key without one: openssl pkey -in %1 -out client-plain.key</source>
        <translation>无法比较 %1 与 %2：私钥由口令加密，模块也无法输入口令。请保存为不加密的私钥：openssl pkey -in %1 -out client-plain.key</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="310"/>
        <source>%1 belongs to %2 (%3, %4).</source>
        <translation>%1 与 %2 匹配（%3，%4）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="313"/>
        <source>%1 is an %2 key, but %3 holds an %4 key: they cannot belong together. Pick the key that was made with %3.</source>
        <translation>%1 是 %2 私钥，而 %3 中是 %4 公钥：二者不可能配对。请选择与 %3 一同生成的私钥。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="323"/>
        <source>%1 is the key of the CA certificate %2 (%3), not of %4. Pick the key that was made with %4, and never put a CA&apos;s key on a device.</source>
        <translation>%1 是 CA 证书 %2（%3）的私钥，而不是 %4 的。请选择与 %4 一同生成的私钥，切勿把 CA 私钥放到设备上。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="329"/>
        <source>%1 belongs to certificate %2 of %3 (%4), not to the first one (%5). Put the client&apos;s own certificate first in %3.</source>
        <translation>%1 属于 %3 中的第 %2 个证书（%4），而不是第一个（%5）。请把客户端自己的证书放在 %3 的最前面。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="337"/>
        <source>%1 does not belong to %2 (%3): the key belongs to another certificate. Pick the key that was made with %2.</source>
        <translation>%1 与 %2（%3）不匹配：该私钥属于另一个证书。请选择与 %2 一同生成的私钥。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="377"/>
        <source>%1 was issued by %2 (%3): the signature checks out.</source>
        <translation>%1 由 %2（%3）签发：签名校验通过。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="389"/>
        <source>%1 names %2 (%3) as its issuer, but the signature does not match that CA&apos;s key: it was issued by another CA of the same name (one made again?).</source>
        <translation>%1 的签发者为 %2（%3），但签名与该 CA 的密钥不符：它由另一个同名 CA 签发（是否重新生成过 CA？）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="394"/>
        <source>%1 is self-signed: no CA issued it, so %2 (%3) did not either.</source>
        <translation>%1 是自签名证书：没有任何 CA 签发它，%2（%3）也没有。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="401"/>
        <source>%1 was issued by “%2”, not by %3 (%4).</source>
        <translation>%1 由“%2”签发，而不是 %3（%4）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="404"/>
        <source>%1 does not chain to %2: %3.</source>
        <translation>%1 无法链接到 %2：%3。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="408"/>
        <source>Your broker checks client certificates with %1, so it will refuse this one: pick the client certificate (and its key) that %1&apos;s CA issued, unless the broker checks clients with another CA after all.</source>
        <translation>您的代理服务器用 %1 校验客户端证书，因此会拒绝此证书：请选择由 %1 的 CA 签发的客户端证书（及其私钥），除非代理服务器实际上用另一个 CA 校验客户端。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="413"/>
        <source>The module uses %1 only to check the server, so this is right if your broker checks client certificates with another CA. If not, pick the CA certificate that issued %2, or a client certificate from %1&apos;s CA.</source>
        <translation>模块只用 %1 校验服务器，因此若代理服务器用另一个 CA 校验客户端证书，这样是正确的。否则，请选择签发 %2 的 CA 证书，或由 %1 的 CA 签发的客户端证书。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="429"/>
        <source>%1 is not a CA certificate but the certificate of a server or client, issued by “%2”. The module checks the server with it: pick the CA certificate that issued the server&apos;s certificate (often called ca.crt, chain.pem or root CA).</source>
        <translation>%1 不是 CA 证书，而是由“%2”签发的服务器或客户端证书。模块用它来校验服务器：请选择签发服务器证书的 CA 证书（通常名为 ca.crt、chain.pem 或根 CA）。</translation>
    </message>
</context>
<context>
    <name>qmt::session::CommandResult</name>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="30"/>
        <source>OK, result %1</source>
        <translation>OK，结果 %1</translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="30"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="32"/>
        <source>ERROR</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="34"/>
        <location filename="../modem/io/commandchannel.cpp" line="35"/>
        <source>+CME ERROR: %1</source>
        <translation>+CME ERROR: %1</translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="37"/>
        <source>no answer in time</source>
        <translation>未在规定时间内响应</translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="39"/>
        <source>the port went away</source>
        <translation>串口已断开</translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="41"/>
        <source>aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="43"/>
        <source>the module restarted</source>
        <translation>模块已重启</translation>
    </message>
</context>
<context>
    <name>qmt::session::Comparison</name>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="628"/>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="630"/>
        <source>DIFFERENT</source>
        <translation>不同</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="632"/>
        <source>MISSING: the log shows an answer we did not get</source>
        <translation>缺失：日志中有一条我们没有收到的应答</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="634"/>
        <source>EXTRA: we got an answer the log does not show</source>
        <translation>多出：我们收到了日志中没有的应答</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="636"/>
        <source>no answer in the log</source>
        <translation>日志中没有应答</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="643"/>
        <source>customer&apos;s log</source>
        <translation>客户日志</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="644"/>
        <source>ours</source>
        <translation>我方</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="654"/>
        <source>%n same</source>
        <translation>
            <numerusform>%n 步相同</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="656"/>
        <source>%n different</source>
        <translation>
            <numerusform>%n 步不同</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="657"/>
        <source>%n missing</source>
        <translation>
            <numerusform>%n 步缺失</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="658"/>
        <source>%n extra</source>
        <translation>
            <numerusform>%n 步多出</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="660"/>
        <source>%n not answered in the log</source>
        <translation>
            <numerusform>%n 步在日志中没有应答</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="665"/>
        <source>%n step(s): %1.</source>
        <translation>
            <numerusform>%n 步：%1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="670"/>
        <source>First divergence: step %1 (log line %2), %3.</source>
        <translation>第一处分歧：第 %1 步（日志第 %2 行），%3。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="674"/>
        <source>First divergence: step %1, %2.</source>
        <translation>第一处分歧：第 %1 步，%2。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="676"/>
        <source>No divergence.</source>
        <translation>没有分歧。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="679"/>
        <source>line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="681"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="683"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="687"/>
        <source>FIRST DIVERGENCE</source>
        <translation>第一处分歧</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="698"/>
        <source>(our run: %1)</source>
        <translation>（我方运行：%1）</translation>
    </message>
</context>
<context>
    <name>qmt::session::Diagnosis</name>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="191"/>
        <source>The module restarted (RDY) in the middle of the session</source>
        <translation>模块在会话中途重启（RDY）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="182"/>
        <location filename="../modem/workflows/diagnosis.cpp" line="193"/>
        <source>Every MQTT client, its settings and its subscriptions are gone; echo is on again.</source>
        <translation>所有 MQTT 客户端及其配置和订阅都已丢失；回显重新打开。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="194"/>
        <source>The supply dropped or sagged (a transmit burst draws up to 2 A), a watchdog or AT+CFUN=1,1 reset it, or the host toggled PWRKEY or RESET_N.</source>
        <translation>电源掉电或电压跌落（发射突发电流可达 2 A），看门狗或 AT+CFUN=1,1 使其复位，或主机拉动了 PWRKEY 或 RESET_N。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="196"/>
        <source>Check the supply and its capacitors under load; after RDY the host must configure, open and connect every slot again.</source>
        <translation>检查带载时的电源及其电容；RDY 之后主机必须重新配置、打开并连接每个客户端。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="281"/>
        <source>A setting of slot %1 was changed while its client was connected</source>
        <translation>客户端 %1 在已连接时修改了配置</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="282"/>
        <source>AT+QMTCFG settings are taken when the connection is made: this one does not apply to the connection that runs (the module may also refuse it with ERROR).</source>
        <translation>AT+QMTCFG 配置在建立连接时生效：此配置不适用于当前连接（模块也可能以 ERROR 拒绝）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="284"/>
        <source>The host configures after AT+QMTCONN, or reconnects without disconnecting first.</source>
        <translation>主机在 AT+QMTCONN 之后才配置，或未先断开就重新连接。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="285"/>
        <source>Make every AT+QMTCFG setting before AT+QMTOPEN, or AT+QMTDISC, change it, then open and connect again.</source>
        <translation>在 AT+QMTOPEN 之前完成所有 AT+QMTCFG 配置；或先 AT+QMTDISC，修改后重新打开并连接。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="298"/>
        <source>Slot %1 has no keep-alive (0)</source>
        <translation>客户端 %1 未设置保活（0）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="299"/>
        <source>Slot %1&apos;s keep-alive is %2 s</source>
        <translation>客户端 %1 的保活时间为 %2 秒</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="300"/>
        <source>Mobile networks drop a TCP connection that stays idle for a few minutes (often 2 to 5, some less). Without a ping within that time, the connection dies silently; the module learns it only when it next sends (+QMTSTAT: %1,1).</source>
        <translation>移动网络会断开空闲几分钟（通常 2 到 5 分钟，有些更短）的 TCP 连接。若在此期间没有心跳，连接会无声断开；模块要到下次发送时才发现（+QMTSTAT: %1,1）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="304"/>
        <source>A keep-alive of 0 (never) or longer than %1 s.</source>
        <translation>保活时间为 0（从不）或超过 %1 秒。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="305"/>
        <source>Use a keep-alive of 60 to 120 s: AT+QMTCFG=&quot;keepalive&quot;,%1,120.</source>
        <translation>使用 60 到 120 秒的保活时间：AT+QMTCFG=&quot;keepalive&quot;,%1,120。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="318"/>
        <source>Slots %1 and %2 connect with the same client id &quot;%3&quot;</source>
        <translation>客户端 %1 和 %2 使用相同的客户端 ID“%3”连接</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="322"/>
        <source>A broker keeps one session per client id: the second connection makes it close the first, and they take turns dropping each other.</source>
        <translation>服务器对每个客户端 ID 只保留一个会话：第二个连接会使其关闭第一个，两者轮流把对方踢下线。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="324"/>
        <source>One client id configured for several slots, or for several devices.</source>
        <translation>多个客户端或多台设备配置了同一个客户端 ID。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="325"/>
        <source>Give every slot (and every device) its own client id.</source>
        <translation>为每个客户端（以及每台设备）设置各自的客户端 ID。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="338"/>
        <source>Slot %1 opens TLS (SSL context %2) and the log shows no CA certificate for it</source>
        <translation>客户端 %1 打开 TLS（SSL 上下文 %2），但日志中没有为其配置 CA 证书</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="341"/>
        <source>With seclevel 1 or 2 the module checks the server&apos;s certificate against the CA file of the SSL context; without one the handshake fails (+QMTOPEN: %1,-1 or +QMTSTAT: %1,1).</source>
        <translation>seclevel 为 1 或 2 时，模块用 SSL 上下文的 CA 文件校验服务器证书；没有 CA 时握手失败（+QMTOPEN: %1,-1 或 +QMTSTAT: %1,1）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="345"/>
        <source>AT+QSSLCFG=&quot;cacert&quot; not set (or set on another context), or set before a restart that cleared it.</source>
        <translation>未设置 AT+QSSLCFG=&quot;cacert&quot;（或设置在其他上下文上），或设置后模块重启将其清除。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="347"/>
        <source>Upload the broker&apos;s CA (AT+QFUPL) and set AT+QSSLCFG=&quot;cacert&quot;,%1,&quot;UFS:ca.pem&quot; before AT+QMTOPEN; or seclevel 0 to test without checks.</source>
        <translation>在 AT+QMTOPEN 之前上传服务器的 CA（AT+QFUPL）并设置 AT+QSSLCFG=&quot;cacert&quot;,%1,&quot;UFS:ca.pem&quot;；或用 seclevel 0 进行不校验的测试。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="360"/>
        <source>Slot %1 opens on PDP context %2, which the log shows not active</source>
        <translation>客户端 %1 在 PDP 上下文 %2 上打开，而日志显示该上下文未激活</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="363"/>
        <source>The MQTT client needs an active data connection on its PDP context.</source>
        <translation>MQTT 客户端需要其 PDP 上下文上有激活的数据连接。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="364"/>
        <source>No APN set (AT+QICSGP), AT+QIACT not run or refused, no registration, or the network deactivated the context (+QIURC: &quot;pdpdeact&quot;).</source>
        <translation>未设置 APN（AT+QICSGP），AT+QIACT 未执行或被拒绝，未注册网络，或网络去激活了该上下文（+QIURC: &quot;pdpdeact&quot;）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="366"/>
        <source>Set the APN with AT+QICSGP=%1,1,&quot;apn&quot;, activate with AT+QIACT=%1 and check AT+QIACT? before AT+QMTOPEN.</source>
        <translation>用 AT+QICSGP=%1,1,&quot;apn&quot; 设置 APN，用 AT+QIACT=%1 激活，并在 AT+QMTOPEN 之前用 AT+QIACT? 检查。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="391"/>
        <source>a command the log does not show</source>
        <translation>日志中未出现的命令</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="392"/>
        <source>%1 was refused: %2</source>
        <translation>%1 被拒绝：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="405"/>
        <source>Error %1 of the module&apos;s general or file error tables.</source>
        <translation>模块通用错误表或文件错误表中的错误 %1。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="407"/>
        <source>Look the code up in the module&apos;s AT manual (+CME ERROR table).</source>
        <translation>在模块的 AT 手册中查找该错误码（+CME ERROR 表）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="409"/>
        <source>Check the file&apos;s name (RAM:/UFS: prefix), size and drive (AT+QFLST, AT+QFLDS) and repeat the file operation.</source>
        <translation>检查文件名（RAM:/UFS: 前缀）、大小和存储空间（AT+QFLST、AT+QFLDS），然后重新进行文件操作。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="413"/>
        <source>A value or state the module does not accept for this command.</source>
        <translation>模块不接受此命令的某个值或当前状态。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="427"/>
        <source>The data connection ended.</source>
        <translation>数据连接已结束。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="428"/>
        <source>The module refused the command without saying why (AT+CMEE=2 makes it name the reason).</source>
        <translation>模块拒绝了命令但未说明原因（AT+CMEE=2 可让其给出原因）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="430"/>
        <source>A syntax error, a value out of range, or the slot&apos;s state.</source>
        <translation>语法错误、数值超出范围，或客户端的状态不允许。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="431"/>
        <source>Check the command against its syntax and the slot&apos;s state; send AT+CMEE=2 to get the reason in words.</source>
        <translation>对照语法和客户端状态检查命令；发送 AT+CMEE=2 以获得文字说明的原因。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="461"/>
        <source>Slot %1 could not open the network (+QMTOPEN result %2)</source>
        <translation>客户端 %1 无法打开网络（+QMTOPEN 结果 %2）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="469"/>
        <source>Over TLS: the handshake failed.</source>
        <translation>使用 TLS：握手失败。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="472"/>
        <source>SNI is not enabled, and brokers behind a shared address (AWS IoT, Azure, cloud load balancers) need the host name in the handshake: AT+QSSLCFG=&quot;sni&quot;,%1,1.</source>
        <translation>未启用 SNI，而共享地址后的服务器（AWS IoT、Azure、云负载均衡）需要在握手中提供主机名：AT+QSSLCFG=&quot;sni&quot;,%1,1。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="478"/>
        <source>The module checks the certificates&apos; dates against its clock, which is wrong until the network or AT+QNTP sets it: AT+QSSLCFG=&quot;ignorelocaltime&quot;,%1,1, or set the time first.</source>
        <translation>模块用自身时钟校验证书日期，而在网络或 AT+QNTP 校时之前时钟是错的：AT+QSSLCFG=&quot;ignorelocaltime&quot;,%1,1，或先校时。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="496"/>
        <source>Slot %1: %2 failed (result %3)</source>
        <translation>客户端 %1：%2 失败（结果 %3）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="495"/>
        <source>Slot %1 could not disconnect (result %2)</source>
        <translation>客户端 %1 无法断开连接（结果 %2）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="180"/>
        <source>The module restarted, as the host asked</source>
        <translation>模块按主机的要求重启了</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="183"/>
        <source>AT+CFUN=&lt;fun&gt;,1 resets the module; after AT+QPOWD the host powered it up again.</source>
        <translation>AT+CFUN=&lt;fun&gt;,1 会复位模块；AT+QPOWD 之后主机又重新给它上电。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="184"/>
        <source>After RDY the host must configure, open and connect every slot again.</source>
        <translation>RDY 之后主机必须重新配置、打开并连接每个客户端。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="507"/>
        <source>Slot %1&apos;s CONNECT was not acknowledged (+QMTCONN result %2)</source>
        <translation>客户端 %1 的 CONNECT 未被确认（+QMTCONN 结果 %2）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="509"/>
        <source>The broker did not answer within the packet time-out: wrong port or protocol (TLS expected), a firewall, or a broker that drops unknown clients silently.</source>
        <translation>服务器未在数据包超时时间内应答：端口或协议错误（需要 TLS）、防火墙，或服务器默默丢弃未知客户端。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="514"/>
        <source>The broker refused slot %1&apos;s connection (CONNACK %2)</source>
        <translation>服务器拒绝了客户端 %1 的连接（CONNACK %2）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="533"/>
        <source>The broker refused slot %1&apos;s subscription (granted QoS 128)</source>
        <translation>服务器拒绝了客户端 %1 的订阅（授予的 QoS 为 128）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="534"/>
        <source>The broker does not allow this client to subscribe to the topic.</source>
        <translation>服务器不允许此客户端订阅该主题。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="535"/>
        <source>The broker&apos;s access rules (ACL, the cloud&apos;s policy) or a topic filter it does not accept.</source>
        <translation>服务器的访问规则（ACL、云平台策略），或其不接受的主题过滤器。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="537"/>
        <source>Check the topic against the broker&apos;s or cloud&apos;s policy for this client id.</source>
        <translation>对照服务器或云平台针对此客户端 ID 的策略检查主题。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="539"/>
        <source>Slot %1: %2 packet %3 (result %4)</source>
        <translation>客户端 %1：%2 报文 %3（结果 %4）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="552"/>
        <source>Slot %1&apos;s connection ended (+QMTSTAT %2)</source>
        <translation>客户端 %1 的连接已结束（+QMTSTAT %2）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="558"/>
        <source>The keep-alive is 0: no ping keeps the idle connection open.</source>
        <translation>保活时间为 0：没有心跳来维持空闲的连接。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="561"/>
        <source>The keep-alive (%1 s) is longer than mobile networks keep an idle connection.</source>
        <translation>保活时间（%1 秒）长于移动网络保留空闲连接的时间。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="570"/>
        <source>Slot %1&apos;s keep-alive ping went unanswered (+QMTPING %2)</source>
        <translation>客户端 %1 的保活心跳无应答（+QMTPING %2）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="583"/>
        <source>The module stored %1 bytes; the upload declared %2</source>
        <translation>模块保存了 %1 字节；上传声明的是 %2 字节</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="584"/>
        <source>The file is cut or padded: the certificate or key it holds is broken.</source>
        <translation>文件被截断或填充：其中的证书或密钥已损坏。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="586"/>
        <source>The upload timed out before all bytes arrived, or the host sent a different file.</source>
        <translation>在所有字节到达之前上传超时，或主机发送了另一个文件。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="587"/>
        <source>Upload again with the exact size and a longer time-out (AT+QFUPL&apos;s third argument).</source>
        <translation>用准确的大小和更长的超时时间（AT+QFUPL 的第三个参数）重新上传。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="594"/>
        <source>The module&apos;s checksum %1 differs from the data&apos;s %2</source>
        <translation>模块的校验和 %1 与数据的校验和 %2 不一致</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="596"/>
        <source>The bytes the module stored are not the bytes of the file.</source>
        <translation>模块保存的字节与文件的字节不一致。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="597"/>
        <source>Bytes lost or changed on the serial line (flow control, baud rate), or line ends converted by the terminal.</source>
        <translation>串口线路上丢失或改变了字节（流控、波特率），或终端转换了行结束符。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="599"/>
        <source>Enable hardware flow control or lower the baud rate, send the file as binary, and upload again.</source>
        <translation>启用硬件流控或降低波特率，以二进制方式发送文件，然后重新上传。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="621"/>
        <source>The network deactivated the PDP context</source>
        <translation>网络去激活了 PDP 上下文</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="622"/>
        <source>The data connection is gone: every MQTT client on it drops (+QMTSTAT).</source>
        <translation>数据连接已断开：其上的所有 MQTT 客户端都会掉线（+QMTSTAT）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="623"/>
        <source>Coverage lost, the operator&apos;s idle timer, or an APN the network does not accept.</source>
        <translation>信号丢失、运营商的空闲定时器，或网络不接受的 APN。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="624"/>
        <source>Deactivate (AT+QIDEACT) and activate (AT+QIACT) the context again, then open and connect the slots.</source>
        <translation>重新去激活（AT+QIDEACT）并激活（AT+QIACT）该上下文，然后打开并连接各客户端。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="640"/>
        <source>%1 got no +%2 result before the log ends</source>
        <translation>直到日志结束，%1 都没有收到 +%2 结果</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="641"/>
        <source>%1 got no +%2 result within its time-out (%3 s)</source>
        <translation>%1 在超时时间（%3 秒）内没有收到 +%2 结果</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="644"/>
        <source>The module accepted the command (OK) but never reported its outcome.</source>
        <translation>模块接受了命令（OK），但始终没有上报结果。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="645"/>
        <source>The module answered neither OK nor the result.</source>
        <translation>模块既没有回 OK，也没有上报结果。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="646"/>
        <source>The broker does not answer (QMTCONN, QMTSUB), the network is slow, the log was cut, or URCs go to another port.</source>
        <translation>服务器无应答（QMTCONN、QMTSUB），网络缓慢，日志被截断，或 URC 输出到了另一个端口。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="648"/>
        <source>Wait for the result URC up to the command&apos;s time-out; check AT+QURCCFG? and read the URC port too.</source>
        <translation>在命令的超时时间内等待结果 URC；检查 AT+QURCCFG?，并同时读取 URC 端口。</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/diagnosis.cpp" line="679"/>
        <source>%n command(s) answered OK and none of their results came</source>
        <translation>
            <numerusform>%n 条命令回复了 OK，但结果都没有到来</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="680"/>
        <source>The module sends its URCs (the results of QMTOPEN, QMTCONN, QMTSUB …) to another port than the one in the log.</source>
        <translation>模块把 URC（QMTOPEN、QMTCONN、QMTSUB 等的结果）发到了日志所在端口以外的另一个端口。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="682"/>
        <source>AT+QURCCFG=&quot;urcport&quot; set to &quot;usbmodem&quot; or &quot;uart1&quot; while the host reads the other; or the log shows one port of several.</source>
        <translation>AT+QURCCFG=&quot;urcport&quot; 设为 &quot;usbmodem&quot; 或 &quot;uart1&quot;，而主机读取的是另一个；或日志只记录了多个端口中的一个。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="684"/>
        <source>Ask AT+QURCCFG=&quot;urcport&quot; and set it to the port the host reads, e.g. AT+QURCCFG=&quot;urcport&quot;,&quot;usbat&quot; (USB AT port) or &quot;uart1&quot; (main UART).</source>
        <translation>查询 AT+QURCCFG=&quot;urcport&quot;，并设为主机读取的端口，例如 AT+QURCCFG=&quot;urcport&quot;,&quot;usbat&quot;（USB AT 口）或 &quot;uart1&quot;（主串口）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="723"/>
        <source>The data is %1 bytes, shorter than the %2 its command declared</source>
        <translation>数据为 %1 字节，短于命令声明的 %2 字节</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="724"/>
        <source>The data is %1 bytes, longer than the %2 its command declared</source>
        <translation>数据为 %1 字节，长于命令声明的 %2 字节</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="725"/>
        <source>The module waits for the missing bytes: it takes the host&apos;s next command as the rest of the message, or times out.</source>
        <translation>模块会等待缺少的字节：它把主机的下一条命令当作消息的剩余部分，或者超时。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="727"/>
        <source>The module takes the declared bytes; the rest arrives as the start of a command, which fails.</source>
        <translation>模块只取声明的字节数；其余字节会被当作命令的开头，从而出错。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="729"/>
        <source>The length counted in characters rather than bytes (UTF-8), a line end or a terminating NUL counted or not, or the message built after its length.</source>
        <translation>长度按字符而不是字节（UTF-8）计算，行结束符或结尾的 NUL 是否计入不一致，或在计算长度之后才生成消息。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="731"/>
        <source>Compute the length from the bytes actually written, after the message is built.</source>
        <translation>在消息生成之后，按实际写出的字节计算长度。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="782"/>
        <source>No failure found.</source>
        <translation>未发现故障。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="785"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="786"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="787"/>
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="795"/>
        <source>Module</source>
        <translation>模块</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="795"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="803"/>
        <source>seen: %1</source>
        <translation>看到：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="808"/>
        <source>after: %1</source>
        <translation>起因：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="814"/>
        <source>means: %1</source>
        <translation>含义：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="816"/>
        <source>likely: %1</source>
        <translation>可能原因：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="818"/>
        <source>fix: %1</source>
        <translation>解决：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/diagnosis.cpp" line="822"/>
        <source>seen %n more time(s) after this one</source>
        <translation>
            <numerusform>此后又出现 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="823"/>
        <source>, the last at %1</source>
        <translation>，最后一次在 %1</translation>
    </message>
</context>
<context>
    <name>qmt::session::EndToEnd</name>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="31"/>
        <source>module → peer</source>
        <translation>模组 → 对端</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="32"/>
        <source>peer → module</source>
        <translation>对端 → 模组</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="37"/>
        <source>%1  QoS %2  %3/%4 intact</source>
        <translation>%1  QoS %2  %3/%4 完整</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="43"/>
        <source> (%1 damaged)</source>
        <translation>（%1 条损坏）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="45"/>
        <source>  median %1 ms  p99 %2 ms  max %3 ms  serial %4 ms  %5 msg/s</source>
        <translation>  中位数 %1 ms  p99 %2 ms  最大 %3 ms  串口 %4 ms  %5 条/秒</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="49"/>
        <source>  PASS</source>
        <translation>  通过</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="50"/>
        <source>  FAIL</source>
        <translation>  失败</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="65"/>
        <source>the module did not report the publish as sent within %1 s</source>
        <translation>模组在 %1 秒内没有报告发布已发送</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="67"/>
        <source>did not arrive within %1 s</source>
        <translation>%1 秒内未到达</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="115"/>
        <source>nothing to check: no direction, no QoS or no messages</source>
        <translation>没有可检查的内容：没有方向、QoS 或消息</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="117"/>
        <source>the desktop peer is not connected to the broker</source>
        <translation>桌面对端未连接到代理服务器</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="127"/>
        <source>the desktop peer lost the broker: %1</source>
        <translation>桌面对端与代理服务器断开：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="135"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="160"/>
        <source>the command cannot be built</source>
        <translation>无法构造该命令</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="181"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="187"/>
        <source>slot %1 is not connected, and no broker was given to connect it to</source>
        <translation>客户端 %1 未连接，且没有给出要连接的代理服务器</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="190"/>
        <source>slot %1: receive mode with the payload length</source>
        <translation>客户端 %1：设置带载荷长度的接收模式</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="191"/>
        <source>AT+QMTCFG=&quot;recv/mode&quot;</source>
        <translation>AT+QMTCFG=&quot;recv/mode&quot;</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="195"/>
        <source>AT+QMTCFG=&quot;ssl&quot;</source>
        <translation>AT+QMTCFG=&quot;ssl&quot;</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="198"/>
        <source>slot %1: opening %2:%3</source>
        <translation>客户端 %1：正在打开 %2:%3</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="199"/>
        <source>AT+QMTOPEN</source>
        <translation>AT+QMTOPEN</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="204"/>
        <source>slot %1: connecting as %2</source>
        <translation>客户端 %1：正在以 %2 连接</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="210"/>
        <source>AT+QMTCONN</source>
        <translation>AT+QMTCONN</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="217"/>
        <source>slot %1: subscribing to %2/down</source>
        <translation>客户端 %1：正在订阅 %2/down</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="220"/>
        <source>AT+QMTSUB</source>
        <translation>AT+QMTSUB</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="225"/>
        <source>peer: subscribing to %1/up</source>
        <translation>对端：正在订阅 %1/up</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="233"/>
        <source>the broker refused the peer&apos;s subscription</source>
        <translation>代理服务器拒绝了对端的订阅</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="239"/>
        <source>the peer could not subscribe: %1</source>
        <translation>对端无法订阅：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="253"/>
        <source>sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="293"/>
        <source>the publish cannot be built</source>
        <translation>无法构造发布命令</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="311"/>
        <source>the module: %1</source>
        <translation>模组：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="319"/>
        <source>the peer could not publish: %1</source>
        <translation>对端无法发布：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="358"/>
        <source>arrived damaged: %1 bytes, %2 expected%3</source>
        <translation>到达时已损坏：%1 字节，应为 %2 字节%3</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="361"/>
        <source> (cut at a line end)</source>
        <translation>（在行尾被截断）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="379"/>
        <source>arrived damaged</source>
        <translation>到达时已损坏</translation>
    </message>
</context>
<context>
    <name>qmt::session::HtmlReport</name>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="45"/>
        <location filename="../modem/workflows/htmlreport.cpp" line="47"/>
        <source>QMT Scope report: %1</source>
        <translation>QMT Scope 报告：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="49"/>
        <source>Written %1 by %2 %3.</source>
        <translation>由 %2 %3 于 %1 生成。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="65"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="71"/>
        <source>Slots</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Broker</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>MQTT</source>
        <translation>MQTT</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Client id</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Last error</source>
        <translation>最近的错误</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="103"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="117"/>
        <source>Findings (%1)</source>
        <translation>发现的问题（%1）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="119"/>
        <source>No failure found in this session.</source>
        <translation>本次会话未发现故障。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="125"/>
        <source>Module</source>
        <translation>模块</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="125"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="131"/>
        <source>Seen</source>
        <translation>看到</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="133"/>
        <source>After</source>
        <translation>起因</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="137"/>
        <source>Means</source>
        <translation>含义</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="138"/>
        <source>Likely</source>
        <translation>可能原因</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="139"/>
        <source>Fix</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="141"/>
        <source>Again</source>
        <translation>重复</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/htmlreport.cpp" line="141"/>
        <source>seen %n more time(s) after this one</source>
        <translation>
            <numerusform>此后又出现 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="150"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/htmlreport.cpp" line="176"/>
        <source>*** a private key (%n line(s)) left out</source>
        <translation>
            <numerusform>*** 省略了一个私钥（%n 行）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/htmlreport.cpp" line="189"/>
        <source>… %n more line(s) not shown</source>
        <translation>
            <numerusform>… 另有 %n 行未显示</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qmt::session::JournalReader</name>
    <message>
        <location filename="../modem/io/journal.cpp" line="302"/>
        <source>the disk has only %1 MB free (the journal stops below %2 MB)</source>
        <translation>磁盘只剩 %1 MB 可用空间（低于 %2 MB 时会话记录停止）</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="364"/>
        <source>%1 exists already: a journal is never written over</source>
        <translation>%1 已存在：日志文件从不被覆盖</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="366"/>
        <source>Qt&apos;s SQLite driver is missing (Debian package libqt6sql6-sqlite)</source>
        <translation>缺少 Qt 的 SQLite 驱动（Debian 软件包 libqt6sql6-sqlite）</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="372"/>
        <source>cannot create the journal %1: %2</source>
        <translation>无法创建会话记录 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="504"/>
        <source>the journal %1 stopped: %2 (the session goes on; nothing more is written)</source>
        <translation>会话记录 %1 已停止：%2（会话继续进行；不再写入任何内容）</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="555"/>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="557"/>
        <source>%1 is no QMT Scope journal (not an SQLite file)</source>
        <translation>%1 不是 QMT Scope 会话记录（不是 SQLite 文件）</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="568"/>
        <source>cannot open the journal %1: %2</source>
        <translation>无法打开会话记录 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="571"/>
        <source>%1 is no QMT Scope journal (%2)</source>
        <translation>%1 不是 QMT Scope 会话记录（%2）</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="583"/>
        <source>%1 is an SQLite database, but no QMT Scope journal</source>
        <translation>%1 是 SQLite 数据库，但不是 QMT Scope 会话记录</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="585"/>
        <source>%1 was written by a newer QMT Scope (journal format %2; this build reads up to %3): open it with that version</source>
        <translation>%1 由更新版本的 QMT Scope 写入（会话记录格式 %2；本版本最高只能读取 %3）：请用该版本打开</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="591"/>
        <source>%1 names no journal format version: it is damaged</source>
        <translation>%1 没有注明会话记录格式版本：文件已损坏</translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="593"/>
        <source>the journal %1 is damaged: %2</source>
        <translation>会话记录 %1 已损坏：%2</translation>
    </message>
</context>
<context>
    <name>qmt::session::LogImport</name>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2715"/>
        <source>%n line(s) read</source>
        <translation>
            <numerusform>读取了 %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2718"/>
        <source>%n note(s) set aside</source>
        <translation>
            <numerusform>%n 条注释被略过</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2720"/>
        <source>%n line(s) normalised</source>
        <translation>
            <numerusform>%n 行被规范化</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2722"/>
        <source>%n hex dump line(s) decoded</source>
        <translation>
            <numerusform>解码了 %n 行十六进制转储</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2724"/>
        <source>%n echo(es) merged</source>
        <translation>
            <numerusform>合并了 %n 条回显</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2726"/>
        <source>%n place(s) where data was left out</source>
        <translation>
            <numerusform>%n 处数据被省略</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2728"/>
        <source>%n data length mismatch(es)</source>
        <translation>
            <numerusform>%n 处数据长度不一致</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2736"/>
        <source>%n line(s) not understood, kept as they are (line %1)</source>
        <translation>
            <numerusform>%n 行无法识别，已原样保留（第 %1 行）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qmt::session::LogImport::Line</name>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2642"/>
        <source>AT traffic</source>
        <translation>AT 通信</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2645"/>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2648"/>
        <source>hex dump, read as the bytes it shows</source>
        <translation>十六进制转储，按其显示的字节读取</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2651"/>
        <source>a placeholder for lines left out</source>
        <translation>省略内容的占位符</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2651"/>
        <source>a note, not traffic</source>
        <translation>注释，不是通信内容</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2654"/>
        <source>empty</source>
        <translation>空行</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2657"/>
        <source>the module&apos;s echo of the command before it</source>
        <translation>模块对上一条命令的回显</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2660"/>
        <source>the rest of the line before it</source>
        <translation>上一行的延续</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2663"/>
        <source>not understood: kept as it is</source>
        <translation>无法识别：原样保留</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2668"/>
        <source>removed &quot;%1&quot; in front</source>
        <translation>去掉了行首的“%1”</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2670"/>
        <source>removed &quot;%1&quot; in front (a style not known: check it)</source>
        <translation>去掉了行首的“%1”（未知格式：请核对）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2672"/>
        <source>removed the quote or list mark</source>
        <translation>去掉了引用符或列表符号</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2674"/>
        <source>sent by the host</source>
        <translation>主机发送</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2676"/>
        <source>sent by the module</source>
        <translation>模块发送</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2678"/>
        <source>typographic or full-width punctuation made ASCII</source>
        <translation>中文或全角标点已转为 ASCII</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2680"/>
        <source>a comment at the end removed</source>
        <translation>去掉了行尾注释</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2682"/>
        <source>line ends written as text made CR/LF</source>
        <translation>文字形式的行结束符已转为 CR/LF</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2684"/>
        <source>several messages on one line separated</source>
        <translation>拆分了同一行中的多条消息</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2686"/>
        <source>joined with the next line(s): a long line wrapped</source>
        <translation>与下一行合并：长行被折行</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2688"/>
        <source>the &apos;&gt;&apos; prompt, missing from the log, put in</source>
        <translation>补上了日志中缺少的“&gt;”提示符</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2691"/>
        <source>data left out</source>
        <translation>数据被省略</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2693"/>
        <source>data left out: %1 bytes stood in for</source>
        <translation>数据被省略：以 %1 字节占位</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2696"/>
        <source>Ctrl+Z written as text</source>
        <translation>文字形式的 Ctrl+Z</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2699"/>
        <source>the data is %1 bytes but the command declared %2</source>
        <translation>数据为 %1 字节，但命令声明的是 %2 字节</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2704"/>
        <source>payload of %1 bytes declared, %2 shown: read without its length (incomplete)</source>
        <translation>声明的负载为 %1 字节，日志显示 %2 字节：按无长度格式读取（不完整）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2708"/>
        <source>read as UTF-16</source>
        <translation>按 UTF-16 读取</translation>
    </message>
</context>
<context>
    <name>qmt::session::PortCatalog</name>
    <message>
        <location filename="../modem/io/portcatalog.cpp" line="47"/>
        <source>interface %1</source>
        <translation>接口 %1</translation>
    </message>
    <message>
        <location filename="../modem/io/portcatalog.cpp" line="49"/>
        <source>AT interface</source>
        <translation>AT 接口</translation>
    </message>
    <message>
        <location filename="../modem/io/portcatalog.cpp" line="74"/>
        <source>pseudo-terminal</source>
        <translation>伪终端</translation>
    </message>
</context>
<context>
    <name>qmt::session::PortDoctor</name>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="253"/>
        <source>ModemManager (pid %1) is running. It probes every new modem port for about a minute and sends AT commands of its own, whose answers then go to it instead of to you. Stop it for now, or keep it away from Quectel modules for good with a udev rule (QMT Scope ships it as share/qmtscope/udev/77-qmtscope-modemmanager.rules; nothing installs it without you). Do not use the rule if this computer gets its own internet connection through the module: ModemManager would no longer manage it.</source>
        <translation>ModemManager（pid %1）正在运行。它会在每个新的调制解调器串口出现后探测约一分钟，并发送它自己的 AT 命令，应答会被它读走而不是给你。可以暂时停止它，或用一条 udev 规则让它永久不碰移远模组（QMT Scope 附带该规则：share/qmtscope/udev/77-qmtscope-modemmanager.rules；未经你同意不会安装）。如果这台电脑本身通过该模组上网，请不要使用这条规则：ModemManager 将不再管理它。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="284"/>
        <source>Permission denied: only its owner may open %1.</source>
        <translation>权限不足：只有所有者可以打开 %1。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="285"/>
        <source>The device file gives its group no access, so joining a group does not help. Ask the administrator to give it to the dialout group:</source>
        <translation>该设备文件没有给所属组任何权限，因此加入组也无济于事。请管理员把它交给 dialout 组：</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="293"/>
        <source>Permission denied: you are in the group “%1” already, but this login started before you were added.</source>
        <translation>权限不足：你已在“%1”组中，但当前登录早于加入该组的时间。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="296"/>
        <source>A new group applies from the next login: log out and back in (or restart). To try at once, start QMT Scope with the group from a terminal:</source>
        <translation>新的组从下次登录起生效：请注销并重新登录（或重启）。如需立即尝试，可在终端中以该组身份启动 QMT Scope：</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="302"/>
        <source>Permission denied: %1 belongs to the group “%2”, and %3 is not in it.</source>
        <translation>权限不足：%1 属于“%2”组，而 %3 不在该组中。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="304"/>
        <source>Join the group once with the command below, then log out and back in (or restart): a new group applies from the next login.</source>
        <translation>用下面的命令加入该组（只需一次），然后注销并重新登录（或重启）：新的组从下次登录起生效。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="317"/>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="318"/>
        <source>The module is unplugged, or its ports got other names: a module that restarts (AT+CFUN=1,1, a firmware update, a power dip) comes back as new ports, and sometimes with other numbers. Rescan the ports (F5).</source>
        <translation>模组已拔出，或者它的串口换了名字：重启的模组（AT+CFUN=1,1、固件升级、电源跌落）会以新的串口重新出现，编号有时也会变化。请重新扫描串口（F5）。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="333"/>
        <source>QMT Scope itself (pid %1)</source>
        <translation>QMT Scope 自身（pid %1）</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="336"/>
        <source>%1 is in use by %2.</source>
        <translation>%1 正被 %2 使用。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="338"/>
        <source>This program has the port open already: close it first (in another window, or in the session that has it).</source>
        <translation>本程序已经打开了该串口：请先关闭它（在另一个窗口中，或在占用它的会话中）。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="341"/>
        <source>Close that program (a terminal such as minicom or screen left open, another tool) and open the port again.</source>
        <translation>请关闭该程序（没有关闭的 minicom、screen 等终端，或其他工具），然后重新打开串口。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="344"/>
        <source>%1 is in use by another program.</source>
        <translation>%1 正被另一个程序使用。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="346"/>
        <source>Which one could not be seen: the processes of other users are not visible to you. This names them:</source>
        <translation>无法看到是哪个程序：其他用户的进程对你不可见。以下命令可以列出它们：</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="348"/>
        <source>It was opened for exclusive use. This names the program:</source>
        <translation>它已被独占打开。以下命令可以列出该程序：</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="355"/>
        <source>%1 cannot be opened (error %2).</source>
        <translation>无法打开 %1（错误 %2）。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="356"/>
        <source>%1 cannot be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="370"/>
        <source>%1 is the module&apos;s DM (diagnostics) interface, not its AT interface.</source>
        <translation>%1 是模组的 DM（诊断）接口，不是 AT 接口。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="371"/>
        <source>%1 is the module&apos;s NMEA (GNSS) interface, not its AT interface.</source>
        <translation>%1 是模组的 NMEA（GNSS）接口，不是 AT 接口。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="373"/>
        <source>It carries the binary diagnostic protocol: AT commands get no answer there, or binary noise.</source>
        <translation>它传输二进制诊断协议：AT 命令在这里得不到应答，或者只得到二进制乱码。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="375"/>
        <source>It only sends GNSS sentences ($GPGGA…) while positioning is on: AT commands get no answer there.</source>
        <translation>它只在定位开启时发送 GNSS 语句（$GPGGA…）：AT 命令在这里得不到应答。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="379"/>
        <source>The same module&apos;s AT interface is %1 (USB interface 2).</source>
        <translation>同一模组的 AT 接口是 %1（USB 接口 2）。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="381"/>
        <source>Use the module&apos;s USB interface 2 (usually the third of its ttyUSB ports).</source>
        <translation>请使用模组的 USB 接口 2（通常是它的第三个 ttyUSB 串口）。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="399"/>
        <source>Other programs have %1 open too: %2.</source>
        <translation>其他程序也打开了 %1：%2。</translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="400"/>
        <source>What the module sends goes to whichever program reads first, so answers can go missing here. Close the other programs.</source>
        <translation>模组发来的数据会被先读取的程序拿走，因此这里可能丢失应答。请关闭其他程序。</translation>
    </message>
</context>
<context>
    <name>qmt::session::Reproduction</name>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="329"/>
        <source>log line %1; no answer logged</source>
        <translation>日志第 %1 行；日志中没有应答</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="331"/>
        <source>log line %1; answer on line %2</source>
        <translation>日志第 %1 行；应答在第 %2 行</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="335"/>
        <source>log line %1; answers on lines %2</source>
        <translation>日志第 %1 行；应答在第 %2 行</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="340"/>
        <source> (line %1)</source>
        <translation>（第 %1 行）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="342"/>
        <source>DATA LEFT OUT in the log%1: put %2 next to the sequence file</source>
        <translation>日志中省略了数据%1：请把 %2 放在序列文件旁边</translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="345"/>
        <source>DATA LEFT OUT in the log%1: the %2 byte(s) are placeholders, fill them in</source>
        <translation>日志中省略了数据%1：这 %2 个字节是占位符，请填入实际数据</translation>
    </message>
</context>
<context>
    <name>qmt::session::Script</name>
    <message>
        <location filename="../modem/workflows/script.cpp" line="36"/>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="49"/>
        <source>data on a &apos;&gt;&apos; line, but the command before it takes none</source>
        <translation>&apos;&gt;&apos; 行上有数据，但它前面的命令不接受数据</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="55"/>
        <source>the command on line %1 declares %2 bytes of data, this line has %3</source>
        <translation>第 %1 行的命令声明了 %2 字节数据，而此行有 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="64"/>
        <location filename="../modem/workflows/script.cpp" line="80"/>
        <source>the command needs its data on a &apos;&gt;&apos; line after it</source>
        <translation>该命令需要在其后的 &apos;&gt;&apos; 行中提供数据</translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="69"/>
        <source>file uploads cannot be scripted here; use the TLS wizard</source>
        <translation>此处无法用脚本上传文件；请使用 TLS 向导</translation>
    </message>
</context>
<context>
    <name>qmt::session::Sequence</name>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="149"/>
        <source>the quoted text has no closing quote</source>
        <translation>引号内的文本缺少结束引号</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="153"/>
        <source>text after the closing quote</source>
        <translation>结束引号之后还有文本</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="166"/>
        <source>a value is missing</source>
        <translation>缺少值</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="184"/>
        <source>&quot;%1&quot; is not a hexadecimal digit</source>
        <translation>&quot;%1&quot; 不是十六进制数字</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="196"/>
        <source>an odd number of hexadecimal digits</source>
        <translation>十六进制数字的个数为奇数</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="221"/>
        <source>a delay is a number with a unit: 500ms, 5s or 2m</source>
        <translation>延时是带单位的数字：500ms、5s 或 2m</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="223"/>
        <source>a timeout is a number with a unit: 500ms, 5s or 2m</source>
        <translation>超时须为带单位的数字：500ms、5s 或 2m</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="230"/>
        <source>a delay of more than an hour</source>
        <translation>延时超过一小时</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="231"/>
        <source>a timeout of more than an hour</source>
        <translation>超时超过一小时</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="282"/>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="386"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="390"/>
        <source>%1 is too large for a sequence</source>
        <translation>%1 太大，无法作为序列</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="411"/>
        <location filename="../modem/workflows/sequence.cpp" line="417"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="462"/>
        <source>an empty command</source>
        <translation>命令为空</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="479"/>
        <source>the name comes before the first step</source>
        <translation>name 必须写在第一个步骤之前</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="486"/>
        <source>&quot;%1&quot; is not a command: a step starts with AT (or a quoted command), and its attributes are indented</source>
        <translation>&quot;%1&quot; 不是命令：步骤以 AT（或带引号的命令）开头，其属性需缩进</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="493"/>
        <source>an attribute before the first step</source>
        <translation>第一个步骤之前出现了属性</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="504"/>
        <source>a second data attribute for this step</source>
        <translation>该步骤有第二个 data 属性</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="521"/>
        <source>data is &quot;quoted text&quot;, hex &lt;bytes&gt; or file &lt;path&gt;</source>
        <translation>data 的值为 &quot;带引号的文本&quot;、hex &lt;bytes&gt; 或 file &lt;path&gt;</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="528"/>
        <source>an expectation is one line; repeat expect for more</source>
        <translation>每个预期只占一行；多个预期请重复 expect</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="533"/>
        <source>a second timeout for this step</source>
        <translation>该步骤有第二个 timeout</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="541"/>
        <source>a second delay for this step</source>
        <translation>此步骤的第二个延时</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="549"/>
        <source>a second note for this step</source>
        <translation>该步骤有第二个 note</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="559"/>
        <source>unknown attribute &quot;%1&quot; (data, expect, timeout, delay or note)</source>
        <translation>未知属性“%1”（可用 data、expect、timeout、delay 或 note）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="663"/>
        <source>a backslash at the end: write \\ for a backslash</source>
        <translation>末尾有反斜杠：反斜杠本身请写作 \\</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="689"/>
        <source>\x needs two hexadecimal digits</source>
        <translation>\x 需要两位十六进制数字</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="700"/>
        <source>unknown escape \%1 (use \r \n \t \&quot; \\ or \xNN)</source>
        <translation>未知转义 \%1（请使用 \r \n \t \&quot; \\ 或 \xNN）</translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceModel</name>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="48"/>
        <source>file: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="56"/>
        <source>(succeeds)</source>
        <translation>（成功）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="64"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="66"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="67"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/sequencemodel.cpp" line="100"/>
        <source>%n byte(s): %1</source>
        <translation>
            <numerusform>%n 字节：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="102"/>
        <source>The command succeeds</source>
        <translation>命令执行成功</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="121"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="123"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="125"/>
        <source>Expect</source>
        <translation>预期</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="127"/>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="129"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceReportModel</name>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="186"/>
        <source>running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="188"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="190"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="192"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="199"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="246"/>
        <source>Also received:</source>
        <translation>另外收到：</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="267"/>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="269"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="271"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="273"/>
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="275"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceRunner</name>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="164"/>
        <source>expected %1, not seen within %2 s</source>
        <translation>预期 %1，但 %2 s 内未收到</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="298"/>
        <source>cannot read the data file %1: %2</source>
        <translation>无法读取数据文件 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="311"/>
        <source>not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="387"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="408"/>
        <location filename="../modem/workflows/sequencerunner.cpp" line="461"/>
        <source>as expected: %1</source>
        <translation>符合预期：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="412"/>
        <source>%1 — expected %2</source>
        <translation>%1 — 预期 %2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="435"/>
        <source>expected %1, got %2</source>
        <translation>预期 %1，实际为 %2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="436"/>
        <source>expected %1, got %2: %3</source>
        <translation>预期 %1，实际为 %2：%3</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="524"/>
        <source>stopped; the command still finishes on the channel</source>
        <translation>已停止；该命令仍会在通道上执行完毕</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="524"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="552"/>
        <source>the step has no command</source>
        <translation>该步骤没有命令</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="554"/>
        <source>a command is one line: it holds a line break</source>
        <translation>命令只能占一行：其中包含换行符</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/sequencerunner.cpp" line="559"/>
        <source>this command asks for no data, so the step&apos;s %n byte(s) of data would not be sent</source>
        <translation>
            <numerusform>该命令不需要数据，因此该步骤的 %n 字节数据不会被发送</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="565"/>
        <location filename="../modem/workflows/sequencerunner.cpp" line="579"/>
        <source>the command declares %1 bytes of data, the step has %2 (write {size} to use the data&apos;s length)</source>
        <translation>命令声明了 %1 字节数据，而该步骤有 %2 字节（写 {size} 可使用数据的实际长度）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="572"/>
        <source>the data holds Ctrl+Z (0x1A), which would end it early</source>
        <translation>数据中包含 Ctrl+Z（0x1A），会使数据提前结束</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="576"/>
        <source>no data to upload</source>
        <translation>没有要上传的数据</translation>
    </message>
</context>
<context>
    <name>qmt::session::Session</name>
    <message>
        <location filename="../modem/io/session.cpp" line="78"/>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="59"/>
        <source>%1 open at %2 baud</source>
        <translation>%1 已打开，波特率 %2</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="77"/>
        <source>the device refused to open</source>
        <translation>设备拒绝打开</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="83"/>
        <source>the device closed</source>
        <translation>设备已关闭</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="86"/>
        <source>%1 open</source>
        <translation>%1 已打开</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="107"/>
        <source>No journal for this session: %1</source>
        <translation>本次会话没有会话记录：%1</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="172"/>
        <source>%1 closed</source>
        <translation>%1 已关闭</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="188"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="218"/>
        <source>%1 lost (%2); waiting for it to come back</source>
        <translation>%1 已断开（%2）；正在等待其恢复</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="219"/>
        <source>%1 lost (%2)</source>
        <translation>%1 已断开（%2）</translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="284"/>
        <location filename="../modem/io/session.cpp" line="298"/>
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
</context>
<context>
    <name>qmt::session::SessionExporter</name>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="315"/>
        <source>Cannot write the export: %1</source>
        <translation>无法写入导出文件：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="441"/>
        <source>Traffic</source>
        <translation>通信数据</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/sessionexport.cpp" line="444"/>
        <source>%n frame(s) from %1 to %2.</source>
        <translation>
            <numerusform>%1 到 %2 之间共 %n 帧。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="447"/>
        <source>No frame in this range.</source>
        <translation>此时间范围内没有帧。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="450"/>
        <source>The first %1 rows of the traffic are shown; the rest are counted.</source>
        <translation>只显示通信数据的前 %1 行；其余的只计数。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="492"/>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
</context>
<context>
    <name>qmt::session::Timeline</name>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="65"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="76"/>
        <source>network closed</source>
        <translation>网络已关闭</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="78"/>
        <source>network opening</source>
        <translation>网络打开中</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="80"/>
        <location filename="../modem/workflows/timeline.cpp" line="559"/>
        <source>network open</source>
        <translation>网络已打开</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="82"/>
        <source>network open failed</source>
        <translation>网络打开失败</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="86"/>
        <source>network state unknown</source>
        <translation>网络状态未知</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="93"/>
        <source>MQTT idle</source>
        <translation>MQTT 空闲</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="95"/>
        <source>MQTT connecting</source>
        <translation>MQTT 连接中</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="97"/>
        <location filename="../modem/workflows/timeline.cpp" line="561"/>
        <source>MQTT connected</source>
        <translation>MQTT 已连接</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="99"/>
        <source>MQTT disconnecting</source>
        <translation>MQTT 断开中</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="101"/>
        <source>MQTT disconnected</source>
        <translation>MQTT 已断开</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="105"/>
        <source>MQTT state unknown</source>
        <translation>MQTT 状态未知</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="112"/>
        <source>%n message(s) published</source>
        <translation>
            <numerusform>已发布 %n 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="114"/>
        <source>%n publish(es) failed</source>
        <translation>
            <numerusform>%n 次发布失败</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="116"/>
        <source>%n message(s) received</source>
        <translation>
            <numerusform>已接收 %n 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="118"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="122"/>
        <source>the module restarted</source>
        <translation>模块已重启</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="211"/>
        <source>the module restarted (RDY)</source>
        <translation>模块已重启（RDY）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="405"/>
        <location filename="../modem/workflows/timeline.cpp" line="516"/>
        <source>Module</source>
        <translation>模块</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="405"/>
        <location filename="../modem/workflows/timeline.cpp" line="516"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="433"/>
        <source>Slot %1: %2 (%3)</source>
        <translation>客户端 %1：%2（%3）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="519"/>
        <source>, first: %1</source>
        <translation>，第一个：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="536"/>
        <source>events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="541"/>
        <source>The log has no times: the axis counts events.</source>
        <translation>该日志没有时间：横轴按事件计数。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="542"/>
        <source>Shown: %1 of %2</source>
        <translation>显示：%1，共 %2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="560"/>
        <source>opening, connecting</source>
        <translation>打开中、连接中</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="562"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="563"/>
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="564"/>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="565"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>qmt::session::TlsProvisioner</name>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="44"/>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="46"/>
        <source>client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="48"/>
        <source>client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="75"/>
        <source>all supported suites</source>
        <translation>所有支持的加密套件</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="100"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="119"/>
        <source>%1: not needed at this security level</source>
        <translation>%1：此安全级别不需要</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="124"/>
        <source>%1 uploaded as %2: %3 bytes, checksum %4 matches</source>
        <translation>%1 已上传为 %2：%3 字节，校验和 %4 一致</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="125"/>
        <source>%1 replaced %2: %3 bytes, checksum %4 matches</source>
        <translation>%1 已替换 %2：%3 字节，校验和 %4 一致</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="132"/>
        <source>%1: kept the module&apos;s %2 (its size is unknown; not verified)</source>
        <translation>%1：保留模块中的 %2（大小未知；未验证）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="134"/>
        <source>%1: kept the module&apos;s %2 (%3 bytes, ours %4; not verified)</source>
        <translation>%1：保留模块中的 %2（%3 字节，本地为 %4；未验证）</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="140"/>
        <source>%1: not uploaded</source>
        <translation>%1：未上传</translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="145"/>
        <source>%n setting(s) written to SSL context %1</source>
        <translation>
            <numerusform>已向 SSL 上下文 %1 写入 %n 项设置</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="148"/>
        <source>Client slot %1 uses SSL context %2. Next: AT+QMTOPEN=%1,&quot;&lt;host&gt;&quot;,8883, then AT+QMTCONN.</source>
        <translation>客户端 %1 使用 SSL 上下文 %2。下一步：AT+QMTOPEN=%1,&quot;&lt;host&gt;&quot;,8883，然后 AT+QMTCONN。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="156"/>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="196"/>
        <source>Choose the %1 file.</source>
        <translation>请选择%1文件。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="200"/>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="208"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="203"/>
        <source>Give the %1 a name on the module.</source>
        <translation>请为%1指定在模块上的文件名。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="213"/>
        <source>The %1 and the %2 have the same name on the module, %3.</source>
        <translation>%1和%2在模块上同名：%3。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="227"/>
        <source>The upload timeout must be 1-%1 s.</source>
        <translation>上传超时必须为 1-%1 s。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="236"/>
        <source>Security level 0 checks no certificate: anyone can pretend to be the server.</source>
        <translation>安全级别 0 不检查任何证书：任何人都可以冒充服务器。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="243"/>
        <source>Client slot %1 is open (%2:%3): the module refuses AT+QMTCFG while a connection exists. Disconnect and close it first.</source>
        <translation>客户端 %1 已打开（%2:%3）：存在连接时模块拒绝执行 AT+QMTCFG。请先断开并关闭该客户端。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="259"/>
        <source>The module already holds %1 (%2 bytes): you will be asked whether to replace it.</source>
        <translation>模块上已有 %1（%2 字节）：稍后会询问是否替换。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="264"/>
        <source>Files in RAM: are lost when the module restarts: run the wizard again after a restart, or use UFS: names.</source>
        <translation>RAM: 中的文件在模块重启后会丢失：重启后请重新运行向导，或使用 UFS: 文件名。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="384"/>
        <source>The command could not be built.</source>
        <translation>无法生成命令。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="393"/>
        <source>The port is not open.</source>
        <translation>串口未打开。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="434"/>
        <source>Could not delete %1 on the module: %2</source>
        <translation>无法删除模块上的 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="464"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="499"/>
        <source>The module received only %1 of %2 bytes of %3 before its timeout (+CME ERROR: 421). Check the flow control and the baud rate, or raise the upload timeout.</source>
        <translation>模块在超时前只收到了 %3 的 %2 字节中的 %1 字节（+CME ERROR: 421）。请检查流控和波特率，或加大上传超时。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="505"/>
        <source>The upload of %1 timed out on the module (+CME ERROR: 421).</source>
        <translation>%1 在模块上上传超时（+CME ERROR: 421）。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="511"/>
        <source>+CME ERROR: %1, %2</source>
        <translation>+CME ERROR: %1, %2</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="517"/>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="529"/>
        <source>Uploading %1 as %2 failed: %3</source>
        <translation>将 %1 上传为 %2 失败：%3</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="522"/>
        <source>Uploading %1 as %2 failed: ERROR, without a reason. The file may exist already; AT+CMEE=2 makes the module say why.</source>
        <translation>将 %1 上传为 %2 失败：ERROR，未给出原因。该文件可能已存在；AT+CMEE=2 可让模块给出原因。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="537"/>
        <source>The module answered OK to the upload of %1 without +QFUPL: &lt;size&gt;,&lt;checksum&gt;: it cannot be verified.</source>
        <translation>模块对 %1 的上传返回 OK，但没有 +QFUPL: &lt;size&gt;,&lt;checksum&gt;：无法校验。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="550"/>
        <source>The module stored %1 with %2 bytes and checksum %3, but the file has %4 bytes and checksum %5: the data was damaged on the way. Check the flow control and the baud rate, then try again.</source>
        <translation>模块存储的 %1 为 %2 字节、校验和 %3，但文件为 %4 字节、校验和 %5：数据在传输中损坏。请检查流控和波特率后重试。</translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="154"/>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="589"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>qmt::sim::DemoModule</name>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="29"/>
        <source>the demo&apos;s certificates could not be made: %1</source>
        <translation>无法生成演示用证书：%1</translation>
    </message>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="52"/>
        <source>no folder for the demo&apos;s certificates: %1</source>
        <translation>没有存放演示证书的文件夹：%1</translation>
    </message>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="69"/>
        <source>The demo&apos;s MQTT broker did not start: %1</source>
        <translation>演示模式的 MQTT 服务器未能启动：%1</translation>
    </message>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="95"/>
        <source>The demo module has no pseudo-terminal: %1</source>
        <translation>演示模块没有伪终端：%1</translation>
    </message>
</context>
<context>
    <name>qmt::sim::Latency</name>
    <message>
        <location filename="../modem/sim/latency.cpp" line="64"/>
        <source>unknown latency %1 (use %2)</source>
        <translation>未知的时延 %1（请用 %2）</translation>
    </message>
</context>
<context>
    <name>qmt::sim::PtyServer</name>
    <message>
        <location filename="../modem/sim/ptyserver.cpp" line="50"/>
        <source>cannot create a pseudo-terminal: %1</source>
        <translation>无法创建伪终端：%1</translation>
    </message>
    <message>
        <location filename="../modem/sim/ptyserver.cpp" line="95"/>
        <source>cannot create the link %1</source>
        <translation>无法创建链接 %1</translation>
    </message>
</context>
<context>
    <name>qmt::sim::SimModule</name>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="283"/>
        <source>  drop &lt;idx&gt;            the slot&apos;s broker link breaks: +QMTSTAT: &lt;idx&gt;,1 (the broker sends the will)
  noping &lt;idx&gt;          pings go unanswered: +QMTSTAT: &lt;idx&gt;,2 after the qmtping interval
  lose &lt;idx&gt; &lt;n&gt;        the next &lt;n&gt; messages, either way, are lost: publishes are reported sent
                        but never reach the broker; messages from the broker never reach the host
  refuse &lt;idx&gt; &lt;code&gt;   the next AT+QMTCONN gets CONNACK &lt;code&gt; (2, 4 or 5), then +QMTSTAT: &lt;idx&gt;,4
  dns &lt;idx&gt;             the next AT+QMTOPEN fails to resolve: +QMTOPEN: &lt;idx&gt;,4
  pdp &lt;idx&gt;             the next AT+QMTOPEN fails to activate PDP: +QMTOPEN: &lt;idx&gt;,3
  tls &lt;idx&gt;             the next AT+QMTOPEN fails its TLS handshake: +QMTOPEN: &lt;idx&gt;,-1
  slow &lt;ms&gt;             every answer leaves &lt;ms&gt; later (0 to stop)
  latency &lt;air&gt;         air time of result URCs and received messages: 0, cat1, catm, nb or &lt;rtt ms&gt;[/&lt;jitter ms&gt;]
  urcfirst on|off       result URCs before OK (+QMTOPEN: 0,0 then OK)
  sim in|out            the SIM is there or not (AT+CPIN?: +CME ERROR: 10, no registration)
  network &lt;state&gt;       registration: home, roaming, searching, denied or none
  signal &lt;rssi&gt;         the signal AT+CSQ reports: 0-31 (weak below 10), 99 unknown
  pdprefuse on|off      the network refuses PDP contexts (+QMTOPEN: &lt;idx&gt;,3, +CME ERROR: 133)
  garbage [text]        bytes that are not AT traffic on the line
  reboot                the module restarts: RDY … APP RDY, all slots gone, echo on
</source>
        <translation>  drop &lt;idx&gt;            该客户端与服务器的连接断开：+QMTSTAT: &lt;idx&gt;,1（服务器发送遗嘱消息）
  noping &lt;idx&gt;          Ping 得不到响应：经过 qmtping 间隔后报 +QMTSTAT: &lt;idx&gt;,2
  lose &lt;idx&gt; &lt;n&gt;        接下来 &lt;n&gt; 条消息（不论方向）丢失：发布被报告为已发送，
                        但从未到达服务器；来自服务器的消息从未到达主机
  refuse &lt;idx&gt; &lt;code&gt;   下一次 AT+QMTCONN 收到 CONNACK &lt;code&gt;（2、4 或 5），随后报 +QMTSTAT: &lt;idx&gt;,4
  dns &lt;idx&gt;             下一次 AT+QMTOPEN 域名解析失败：+QMTOPEN: &lt;idx&gt;,4
  pdp &lt;idx&gt;             下一次 AT+QMTOPEN 激活 PDP 失败：+QMTOPEN: &lt;idx&gt;,3
  tls &lt;idx&gt;             下一次 AT+QMTOPEN TLS 握手失败：+QMTOPEN: &lt;idx&gt;,-1
  slow &lt;ms&gt;             每个应答延迟 &lt;ms&gt; 毫秒发出（0 表示取消延迟）
  latency &lt;air&gt;         结果 URC 和接收消息的空中时延：0、cat1、catm、nb 或 &lt;往返毫秒&gt;[/&lt;抖动毫秒&gt;]
  urcfirst on|off       结果 URC 先于 OK 发出（先 +QMTOPEN: 0,0 再 OK）
  sim in|out            SIM 卡在或不在（AT+CPIN?: +CME ERROR: 10，无法注册）
  network &lt;state&gt;       注册状态：home、roaming、searching、denied 或 none
  signal &lt;rssi&gt;         AT+CSQ 上报的信号：0-31（低于 10 为弱），99 表示未知
  pdprefuse on|off      网络拒绝 PDP 上下文（+QMTOPEN: &lt;idx&gt;,3，+CME ERROR: 133）
  garbage [text]        在线路上发送非 AT 通信的字节
  reboot                模块重启：RDY … APP RDY，所有客户端清空，回显打开
</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="308"/>
        <source>empty fault command</source>
        <translation>故障命令为空</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="313"/>
        <source>%1 needs a client index 0-5</source>
        <translation>%1 需要客户端索引 0-5</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="326"/>
        <source>lose needs a client index 0-5 and a number of messages</source>
        <translation>lose 需要客户端索引 0-5 和消息条数</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="332"/>
        <source>refuse needs a client index 0-5 and a CONNACK code 1-5</source>
        <translation>refuse 需要客户端索引 0-5 和 CONNACK 返回码 1-5</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="342"/>
        <source>slow needs a delay in milliseconds</source>
        <translation>slow 需要以毫秒为单位的延迟</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="353"/>
        <source>sim needs in or out</source>
        <translation>sim 需要 in 或 out</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="366"/>
        <source>network needs home, roaming, searching, denied or none</source>
        <translation>network 需要 home、roaming、searching、denied 或 none</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="374"/>
        <source>signal needs an rssi 0-31 or 99</source>
        <translation>signal 需要 0-31 或 99 的 rssi</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="379"/>
        <source>pdprefuse needs on or off</source>
        <translation>pdprefuse 需要 on 或 off</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="384"/>
        <source>urcfirst needs on or off</source>
        <translation>urcfirst 需要 on 或 off</translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="391"/>
        <source>unknown fault %1</source>
        <translation>未知故障 %1</translation>
    </message>
</context>
<context>
    <name>qmt::spec</name>
    <message>
        <location filename="../modem/at/spec.cpp" line="24"/>
        <source>The connection was closed or reset by the server</source>
        <translation>连接被服务器断开或者重置</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="25"/>
        <source>Reopen the network with AT+QMTOPEN.</source>
        <translation>执行命令 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="26"/>
        <source>Another client connected with the same client ID; the server&apos;s idle limit passed without a ping (keep-alive too long or 0); the client did something the server&apos;s policy forbids (a topic it may not publish to); the server restarted.</source>
        <translation>另一个客户端用相同的客户端 ID 连接；超过了服务器的空闲时限而没有心跳（保活时间过长或为 0）；客户端做了服务器策略禁止的操作（向不允许的主题发布）；服务器重启。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="30"/>
        <source>Sending PINGREQ timed out or failed</source>
        <translation>发送 PINGREQ 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="31"/>
        <source>Deactivate and reactivate the PDP context (AT+QIDEACT, AT+QIACT), then reopen with AT+QMTOPEN.</source>
        <translation>首先反激活 PDP（AT+QIDEACT），然后再激活 PDP（AT+QIACT）并用 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="34"/>
        <source>The path to the server is gone: coverage was lost, the PDP context was deactivated, or the carrier&apos;s NAT dropped the idle connection.</source>
        <translation>到服务器的通路已断：信号丢失、PDP 上下文被去激活，或运营商的 NAT 丢弃了空闲连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="37"/>
        <source>Sending CONNECT timed out or failed</source>
        <translation>发送 CONNECT 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="38"/>
        <location filename="../modem/at/spec.cpp" line="45"/>
        <source>Check the user name and password and that the client ID is not in use, then reopen with AT+QMTOPEN and connect again.</source>
        <translation>1. 查看输入的用户名和密码是否正确。2. 确保客户端 ID 未被占用。3. 用 AT+QMTOPEN 重建 MQTT 连接，并尝试再次发送 CONNECT 包到服务器。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="41"/>
        <source>Wrong credentials or a client ID already in use; the server did not answer within pkt_timeout; the link dropped while connecting.</source>
        <translation>凭据错误或客户端 ID 已被使用；服务器未在 pkt_timeout 内应答；连接过程中链路断开。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="44"/>
        <source>Receiving CONNACK timed out or failed</source>
        <translation>接收 CONNACK 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="48"/>
        <source>The server refused the connection (see the CONNACK code of +QMTCONN) or did not answer within pkt_timeout.</source>
        <translation>服务器拒绝了连接（见 +QMTCONN 的 CONNACK 码），或未在 pkt_timeout 内应答。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="52"/>
        <source>The client sent DISCONNECT and the server closed the link (normal sequence)</source>
        <translation>客户端向服务器发送 DISCONNECT 包，服务器主动断开 MQTT 连接（正常流程）</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="55"/>
        <source>Sending packets kept failing, so the client disconnected</source>
        <translation>因为发送数据包总是失败，客户端主动断开 MQTT 连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="56"/>
        <source>Check the data; the network may be congested. Reopen with AT+QMTOPEN and connect again.</source>
        <translation>1. 确保数据正确。2. 可能因为网络拥堵或者其他错误，尝试用 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="59"/>
        <source>A congested or failing network; packets the server does not acknowledge (too large, or refused by its policy).</source>
        <translation>网络拥塞或故障；服务器不确认的报文（过大，或被其策略拒绝）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="62"/>
        <source>The link is not working or the server is unavailable</source>
        <translation>链路不工作或者服务器不可用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="63"/>
        <source>Check that the link and the server are available.</source>
        <translation>确保当前链路或者服务器可用。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="64"/>
        <source>No coverage, the PDP context was deactivated, or the server is down or unreachable.</source>
        <translation>没有信号、PDP 上下文被去激活，或服务器宕机或不可达。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="66"/>
        <source>The client disconnected actively</source>
        <translation>客户端主动断开 MQTT 连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="67"/>
        <source>Reconnect: AT+QMTOPEN, then AT+QMTCONN.</source>
        <translation>尝试重建连接：AT+QMTOPEN，然后 AT+QMTCONN。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="68"/>
        <source>The host closed the client (AT+QMTDISC, AT+QMTCLOSE), or the module closed it itself.</source>
        <translation>主机关闭了客户端（AT+QMTDISC、AT+QMTCLOSE），或模块自行关闭。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="75"/>
        <source>Failed to open the network</source>
        <translation>打开网络失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="76"/>
        <source>Check the host, the port and the PDP context. A failed TLS handshake also shows as -1: check the SSL context (certificates, seclevel, SNI, time).</source>
        <translation>检查服务器地址、端口和 PDP 上下文。TLS 握手失败也会报 -1：请检查 SSL 上下文（证书、seclevel、SNI、时间）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="79"/>
        <source>The server is not listening on that port or a firewall blocks it; the PDP context is not active; with TLS, the handshake failed: no or wrong CA certificate, a client certificate the server refuses, SNI needed, or the module&apos;s clock outside the certificate&apos;s validity.</source>
        <translation>服务器未在该端口监听或被防火墙拦截；PDP 上下文未激活；使用 TLS 时握手失败：缺少或错误的 CA 证书、服务器拒绝的客户端证书、需要 SNI，或模块时钟不在证书有效期内。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="84"/>
        <source>Network opened</source>
        <translation>打开网络成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="85"/>
        <source>Wrong parameter</source>
        <translation>参数错误</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="86"/>
        <source>Check the host name and the port.</source>
        <translation>检查服务器地址和端口。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="87"/>
        <source>The host is empty or longer than 100 bytes, or the port is outside 1-65535.</source>
        <translation>主机名为空或超过 100 字节，或端口不在 1-65535 范围内。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="89"/>
        <source>The client index is occupied</source>
        <translation>MQTT 标识符被占用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="90"/>
        <source>Close the slot with AT+QMTCLOSE first, or use another client index.</source>
        <translation>先用 AT+QMTCLOSE 关闭该客户端，或使用其他 client_idx。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="91"/>
        <source>An earlier AT+QMTOPEN on this index was never closed (the host restarted, the module did not).</source>
        <translation>之前在此索引上的 AT+QMTOPEN 从未关闭（主机重启了，而模块没有）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="94"/>
        <source>Failed to activate the PDP context</source>
        <translation>激活 PDP 失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="95"/>
        <source>Check the APN (AT+QICSGP) and activate the context named by &quot;pdpcid&quot; with AT+QIACT.</source>
        <translation>检查 APN（AT+QICSGP），并用 AT+QIACT 激活 &quot;pdpcid&quot; 指定的上下文。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="98"/>
        <source>A wrong or missing APN, a SIM without data service, the module not registered on the network, or &quot;pdpcid&quot; naming a context that is not defined.</source>
        <translation>APN 错误或缺失、SIM 卡未开通数据业务、模块未注册网络，或 &quot;pdpcid&quot; 指向未定义的上下文。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="101"/>
        <source>Failed to resolve the domain name</source>
        <translation>域名解析失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="102"/>
        <source>Check the host name and the DNS servers; try the IP address.</source>
        <translation>检查域名和 DNS 服务器；可尝试直接使用 IP 地址。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="103"/>
        <source>A misspelled host name (typographic quotes pasted from a document count), DNS servers that cannot be reached, or no working data connection.</source>
        <translation>主机名拼写错误（从文档粘贴来的中文引号也算），DNS 服务器不可达，或没有可用的数据连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="106"/>
        <source>The network was disconnected</source>
        <translation>网络断开导致错误</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="107"/>
        <source>Check the network registration and the PDP context, then reopen.</source>
        <translation>检查网络注册和 PDP 上下文，然后重新打开。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="108"/>
        <source>Coverage was lost or the PDP context was deactivated while the network was opening.</source>
        <translation>打开网络期间信号丢失或 PDP 上下文被去激活。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="115"/>
        <source>Failed to close or disconnect</source>
        <translation>关闭或断开失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="116"/>
        <source>Query the slot with AT+QMTOPEN? and AT+QMTCONN?, then retry.</source>
        <translation>用 AT+QMTOPEN? 和 AT+QMTCONN? 查询该客户端后重试。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="117"/>
        <source>The slot was not open or not connected, or the link was already gone.</source>
        <translation>客户端未打开或未连接，或链路已经断开。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="118"/>
        <source>Closed or disconnected</source>
        <translation>关闭或断开成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="124"/>
        <source>Packet sent and acknowledged by the server (QoS 0 needs no acknowledgement)</source>
        <translation>数据包发送成功且接收到服务器的 ACK（QoS 0 无需 ACK）</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="127"/>
        <source>Packet is being retransmitted</source>
        <translation>数据包重传</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="128"/>
        <source>The server has not acknowledged yet; check the connection and wait.</source>
        <translation>服务器尚未确认；请检查连接并等待。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="129"/>
        <source>The server did not acknowledge within pkt_timeout: a slow or congested network, or a busy server.</source>
        <translation>服务器未在 pkt_timeout 内确认：网络缓慢或拥塞，或服务器繁忙。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="132"/>
        <source>Failed to send the packet</source>
        <translation>数据包发送失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="133"/>
        <source>Check the connection (AT+QMTCONN?) and the &quot;timeout&quot; configuration, then reconnect.</source>
        <translation>检查连接（AT+QMTCONN?）和 &quot;timeout&quot; 配置，然后重新连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="136"/>
        <source>The connection was lost, or the server never acknowledged after retry_times retransmissions (for example a topic its policy refuses).</source>
        <translation>连接已断开，或经过 retry_times 次重传服务器仍未确认（例如其策略拒绝的主题）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="143"/>
        <source>Connection accepted</source>
        <translation>接受连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="144"/>
        <source>Connection refused: unacceptable protocol version</source>
        <translation>拒绝连接：不接受的协议版本</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="145"/>
        <source>Set the protocol version with AT+QMTCFG=&quot;version&quot; (3 = MQTT 3.1, 4 = MQTT 3.1.1).</source>
        <translation>用 AT+QMTCFG=&quot;version&quot; 设置协议版本（3 = MQTT 3.1，4 = MQTT 3.1.1）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="147"/>
        <source>The server does not speak the MQTT version the slot is configured for.</source>
        <translation>服务器不支持客户端所配置的 MQTT 版本。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="149"/>
        <source>Connection refused: identifier rejected</source>
        <translation>拒绝连接：标识符被拒绝</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="150"/>
        <source>Use a client ID the server accepts.</source>
        <translation>使用服务器接受的客户端 ID。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="151"/>
        <source>The client ID is empty, too long, has characters the server refuses, or does not follow the format the cloud requires.</source>
        <translation>客户端 ID 为空、过长、含有服务器拒绝的字符，或不符合云平台要求的格式。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="154"/>
        <source>Connection refused: server unavailable</source>
        <translation>拒绝连接：服务器不可用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="155"/>
        <source>Check the server and retry later.</source>
        <translation>检查服务器并稍后重试。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="156"/>
        <source>The MQTT service is down or overloaded.</source>
        <translation>MQTT 服务宕机或过载。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="157"/>
        <source>Connection refused: bad user name or password</source>
        <translation>拒绝连接：错误的用户名或密码</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="158"/>
        <source>Check the user name and password (or the &quot;aliauth&quot; credentials).</source>
        <translation>检查用户名和密码（或 &quot;aliauth&quot; 设备信息）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="159"/>
        <source>A wrong user name or password, an expired token, or wrong &quot;aliauth&quot; credentials.</source>
        <translation>用户名或密码错误、令牌过期，或 &quot;aliauth&quot; 凭据错误。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="161"/>
        <source>Connection refused: not authorized</source>
        <translation>拒绝连接：未授权</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="162"/>
        <source>Check the credentials, the certificates and the server&apos;s policy for this client ID.</source>
        <translation>检查凭证、证书以及服务器对该客户端 ID 的策略。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="164"/>
        <source>The server knows the client but its policy does not allow it: missing or wrong credentials, a certificate not attached to a policy, or a client ID the policy does not allow.</source>
        <translation>服务器认识该客户端但其策略不允许：凭据缺失或错误、证书未关联策略，或策略不允许该客户端 ID。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="172"/>
        <source>MQTT initializing</source>
        <translation>MQTT 初始化</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="173"/>
        <source>MQTT connecting</source>
        <translation>MQTT 正在连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="174"/>
        <source>MQTT connected</source>
        <translation>MQTT 已经连接成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="175"/>
        <source>MQTT disconnecting</source>
        <translation>MQTT 正在断开连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="180"/>
        <source>Invalid input value</source>
        <translation>输入值无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="181"/>
        <source>Check the command&apos;s values against the FILE AT manual.</source>
        <translation>对照 FILE AT 手册检查命令的参数值。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="182"/>
        <source>Larger than the file</source>
        <translation>超出文件大小</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="183"/>
        <source>Stay within the file&apos;s size (AT+QFLST shows it).</source>
        <translation>不要超出文件大小（AT+QFLST 可查看）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="184"/>
        <source>Read zero bytes</source>
        <translation>读取到零字节</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="185"/>
        <source>Check that the file holds data (AT+QFLST) and the read position.</source>
        <translation>检查文件中是否有数据（AT+QFLST）以及读取位置。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="187"/>
        <source>Drive full</source>
        <translation>存储已满</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="188"/>
        <location filename="../modem/at/spec.cpp" line="222"/>
        <source>Delete files with AT+QFDEL; AT+QFLDS shows the free space.</source>
        <translation>用 AT+QFDEL 删除文件；AT+QFLDS 可查看剩余空间。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="189"/>
        <location filename="../modem/at/spec.cpp" line="223"/>
        <source>Earlier uploads fill the storage.</source>
        <translation>之前上传的文件占满了存储空间。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="190"/>
        <source>File not found</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="191"/>
        <source>Check the name and its RAM:/UFS: prefix with AT+QFLST=&quot;*&quot;.</source>
        <translation>用 AT+QFLST=&quot;*&quot; 检查文件名及其 RAM:/UFS: 前缀。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="192"/>
        <source>A misspelled name or a missing RAM:/UFS: prefix, or a RAM: file lost when the module restarted.</source>
        <translation>文件名拼写错误或缺少 RAM:/UFS: 前缀，或 RAM: 文件在模块重启时丢失。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="195"/>
        <source>Invalid file name</source>
        <translation>文件名无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="196"/>
        <source>Use at most 80 bytes, optionally prefixed with RAM: or UFS:.</source>
        <translation>文件名最多 80 字节，可加 RAM: 或 UFS: 前缀。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="197"/>
        <source>File already exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="198"/>
        <source>Delete it first with AT+QFDEL or choose another name.</source>
        <translation>先用 AT+QFDEL 删除该文件，或换一个文件名。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="199"/>
        <source>An earlier upload of the same name is still there.</source>
        <translation>之前上传的同名文件仍然存在。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="200"/>
        <source>Failed to write the file</source>
        <translation>写文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="201"/>
        <source>Check the free space (AT+QFLDS), delete the file and upload it again.</source>
        <translation>检查剩余空间（AT+QFLDS），删除该文件后重新上传。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="203"/>
        <source>Failed to open the file</source>
        <translation>打开文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="204"/>
        <source>Check the name with AT+QFLST=&quot;*&quot; and close files left open.</source>
        <translation>用 AT+QFLST=&quot;*&quot; 检查文件名，并关闭仍处于打开状态的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="206"/>
        <source>Failed to read the file</source>
        <translation>读文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="207"/>
        <source>Retry; if it fails again, delete the file and upload it again.</source>
        <translation>重试；如仍失败，删除该文件后重新上传。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="209"/>
        <source>Too many open files</source>
        <translation>打开的文件过多</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="210"/>
        <source>Close the files you no longer need (AT+QFCLOSE).</source>
        <translation>关闭不再需要的文件（AT+QFCLOSE）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="211"/>
        <source>Read-only file</source>
        <translation>只读文件</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="212"/>
        <source>Write to another file, or delete this one first.</source>
        <translation>写入另一个文件，或先删除此文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="213"/>
        <source>Invalid file descriptor</source>
        <translation>文件描述符无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="214"/>
        <source>Use the handle AT+QFOPEN returned, before AT+QFCLOSE.</source>
        <translation>在 AT+QFCLOSE 之前使用 AT+QFOPEN 返回的句柄。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="215"/>
        <source>Failed to list the files</source>
        <translation>列出文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="216"/>
        <source>Retry AT+QFLST and check the storage name.</source>
        <translation>重试 AT+QFLST 并检查存储名称。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="217"/>
        <source>Failed to delete the file</source>
        <translation>删除文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="218"/>
        <source>Check the name with AT+QFLST=&quot;*&quot; and close the file first.</source>
        <translation>用 AT+QFLST=&quot;*&quot; 检查文件名，并先关闭该文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="219"/>
        <source>Failed to get the disk information</source>
        <translation>获取存储信息失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="220"/>
        <source>Retry AT+QFLDS with the storage name (&quot;UFS&quot; or &quot;RAM&quot;).</source>
        <translation>带上存储名称（&quot;UFS&quot; 或 &quot;RAM&quot;）重试 AT+QFLDS。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="221"/>
        <source>No space</source>
        <translation>空间不足</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="224"/>
        <source>Time-out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="225"/>
        <source>Send exactly the declared number of bytes before the timeout, or raise the timeout. The module keeps what it received: check +QFUPL and delete the partial file.</source>
        <translation>在超时前发送与声明相同的字节数，或加大超时时间。模块会保留已收到的数据：请检查 +QFUPL 并删除不完整的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="228"/>
        <source>Fewer bytes than declared arrived before the timeout: a wrong size in AT+QFUPL, a host that stopped sending, or a terminal that changed the line ends.</source>
        <translation>超时前到达的字节少于声明的数量：AT+QFUPL 中的大小错误、主机停止了发送，或终端改变了行结束符。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="231"/>
        <source>File too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="232"/>
        <source>Check the declared size against the free space (AT+QFLDS).</source>
        <translation>对照剩余空间（AT+QFLDS）检查声明的大小。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="233"/>
        <source>Invalid parameter</source>
        <translation>参数无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="234"/>
        <source>Check the file name, size, timeout and ackmode of the command.</source>
        <translation>检查命令中的文件名、大小、超时时间和 ackmode。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="236"/>
        <source>File already open</source>
        <translation>文件已打开</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="237"/>
        <source>Close the file before using it again.</source>
        <translation>请先关闭该文件再使用。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="243"/>
        <source>Operation not allowed</source>
        <translation>不允许的操作</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="244"/>
        <source>Check that the command is allowed in the module&apos;s present state.</source>
        <translation>检查在模块当前状态下是否允许执行该命令。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="245"/>
        <source>The command does not fit the present state: a setting changed while the client is open or connected, a slot already in use, or a command sent too early after power-up.</source>
        <translation>命令与当前状态不符：在客户端已打开或已连接时修改配置、客户端已被占用，或上电后过早发送命令。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="249"/>
        <source>Operation not supported</source>
        <translation>不支持的操作</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="250"/>
        <source>Check the command against the module&apos;s own AT command manual.</source>
        <translation>对照模块自己的 AT 命令手册检查该命令。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="251"/>
        <source>The module or its firmware does not have this command or form.</source>
        <translation>模块或其固件不支持此命令或此格式。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="252"/>
        <source>SIM not inserted</source>
        <translation>未插入 SIM 卡</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="253"/>
        <source>Insert the SIM and check it with AT+CPIN?.</source>
        <translation>插入 SIM 卡，并用 AT+CPIN? 检查。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="254"/>
        <source>No SIM, or a SIM that is not seated properly.</source>
        <translation>没有 SIM 卡，或 SIM 卡未插好。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="255"/>
        <source>No network service</source>
        <translation>无网络服务</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="256"/>
        <source>Check the registration (AT+CEREG?, AT+CREG?), the signal (AT+CSQ) and that the radio is on (AT+CFUN?).</source>
        <translation>检查注册状态（AT+CEREG?、AT+CREG?）、信号（AT+CSQ）以及射频是否打开（AT+CFUN?）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="258"/>
        <source>The module is not registered: no coverage, the radio switched off, registration denied, or no SIM.</source>
        <translation>模块未注册：没有信号覆盖、射频已关闭、注册被拒绝，或没有 SIM 卡。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="260"/>
        <source>Incorrect parameters</source>
        <translation>参数错误</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="261"/>
        <source>Check the command&apos;s parameters and their ranges (AT+&lt;command&gt;=?).</source>
        <translation>检查命令的参数及其范围（AT+&lt;命令&gt;=?）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="263"/>
        <source>Requested service option not subscribed</source>
        <translation>请求的业务选项未签约</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="264"/>
        <source>Check the APN (AT+CGDCONT?, AT+QICSGP) with the operator.</source>
        <translation>向运营商核实 APN（AT+CGDCONT?、AT+QICSGP）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="265"/>
        <source>The network refused to activate the PDP context: a wrong or unsubscribed APN, or a SIM without data service.</source>
        <translation>网络拒绝激活 PDP 上下文：APN 错误或未签约，或 SIM 卡未开通数据业务。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="271"/>
        <source>The keep-alive ping failed; the connection is closed</source>
        <translation>保活 Ping 失败；连接已关闭</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="272"/>
        <source>Reopen with AT+QMTOPEN and connect again; check the network and the keep-alive time.</source>
        <translation>用 AT+QMTOPEN 重新打开并重新连接；检查网络和保活时间。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="275"/>
        <source>The path to the server is gone (coverage, PDP context), or the carrier&apos;s NAT dropped the idle connection before the ping.</source>
        <translation>到服务器的通路已断（信号、PDP 上下文），或运营商的 NAT 在心跳之前丢弃了空闲连接。</translation>
    </message>
</context>
<context>
    <name>qmt::state</name>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="81"/>
        <location filename="../modem/engine/slotstore.cpp" line="82"/>
        <source>+CME ERROR: %1</source>
        <translation>+CME ERROR: %1</translation>
    </message>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="85"/>
        <source>The module answered ERROR</source>
        <translation>模块返回 ERROR</translation>
    </message>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="87"/>
        <source>No answer within the command&apos;s response time</source>
        <translation>未在命令的最大响应时间内收到回复</translation>
    </message>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="92"/>
        <source>Result code %1 (not in the specification)</source>
        <translation>结果码 %1（规范中未定义）</translation>
    </message>
</context>
<context>
    <name>qmt::state::MessageModel</name>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="149"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="149"/>
        <source>incomplete</source>
        <translation>不完整</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="156"/>
        <source>Read from buffer %1 (receive mode 1)</source>
        <translation>读取自接收缓存 %1（接收模式 1）</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="158"/>
        <source>&lt;payload_len&gt; %1</source>
        <translation>&lt;payload_len&gt; %1</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="191"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="193"/>
        <source>Msg ID</source>
        <translation>消息 ID</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="195"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="197"/>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="199"/>
        <source>Payload</source>
        <translation>负载</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="201"/>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="243"/>
        <source>Not JSON: %1 at byte %2</source>
        <translation>不是 JSON：%1（第 %2 字节处）</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="294"/>
        <source>Turn on msg_len_enable so that the module states each payload&apos;s length: AT+QMTCFG=&quot;recv/mode&quot;,%1,%2,1 (while the slot is not connected).</source>
        <translation>打开 msg_len_enable，使模块给出每条负载的长度：AT+QMTCFG=&quot;recv/mode&quot;,%1,%2,1（需在客户端未连接时设置）。</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="299"/>
        <source>The payload may be cut: the +QMTRECV had no &lt;payload_len&gt;, so a payload that spans lines ends at the first line end. %1</source>
        <translation>负载可能被截断：+QMTRECV 中没有 &lt;payload_len&gt;，因此跨行的负载在第一个行尾处就结束了。%1</translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="302"/>
        <source>The payload may be cut: it did not end where its &lt;payload_len&gt; of %1 bytes said, so it was taken up to the line end (%2 bytes).</source>
        <translation>负载可能被截断：它没有在 &lt;payload_len&gt; 所示的 %1 字节处结束，因此一直截取到行尾（%2 字节）。</translation>
    </message>
</context>
<context>
    <name>qmt::state::PeerMessageModel</name>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="59"/>
        <source>retained</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="75"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="77"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="79"/>
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="81"/>
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="83"/>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="85"/>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
</context>
<context>
    <name>qmt::state::Refusal</name>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="52"/>
        <source>Slot %1 is connected to the MQTT server: many settings can only be changed while the slot is closed (AT+QMTDISC=%1, AT+QMTCLOSE=%1 first).</source>
        <translation>槽位 %1 已连接到 MQTT 服务器：许多设置只能在槽位关闭时修改（请先执行 AT+QMTDISC=%1、AT+QMTCLOSE=%1）。</translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="58"/>
        <source>Slot %1 has its network open: many settings can only be changed while the slot is closed (AT+QMTCLOSE=%1 first).</source>
        <translation>槽位 %1 的网络已打开：许多设置只能在槽位关闭时修改（请先执行 AT+QMTCLOSE=%1）。</translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="70"/>
        <source>Slot %1 already has its network open%2: close it with AT+QMTCLOSE=%1 first, or use another slot.</source>
        <translation>槽位 %1 的网络已打开%2：请先用 AT+QMTCLOSE=%1 关闭，或使用其他槽位。</translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="79"/>
        <source>Slot %1 is already connected to the MQTT server.</source>
        <translation>槽位 %1 已连接到 MQTT 服务器。</translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="83"/>
        <source>Slot %1 has no open network: open it with AT+QMTOPEN first.</source>
        <translation>槽位 %1 没有打开的网络：请先用 AT+QMTOPEN 打开。</translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="93"/>
        <source>Slot %1 is not connected to the MQTT server: connect it with AT+QMTCONN first.</source>
        <translation>槽位 %1 未连接到 MQTT 服务器：请先用 AT+QMTCONN 连接。</translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="100"/>
        <source>Slot %1 has no open network to close.</source>
        <translation>槽位 %1 没有可关闭的网络。</translation>
    </message>
</context>
<context>
    <name>qmt::state::SlotTableModel</name>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="64"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="66"/>
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="68"/>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="70"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="72"/>
        <location filename="../modem/models/slottablemodel.cpp" line="91"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="81"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="83"/>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="85"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="87"/>
        <source>disconnecting</source>
        <translation>正在断开</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="89"/>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="116"/>
        <source>context %1</source>
        <translation>上下文 %1</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="116"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="169"/>
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="171"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="173"/>
        <source>Host:port</source>
        <translation>服务器:端口</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="175"/>
        <source>MQTT</source>
        <translation>MQTT</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="177"/>
        <source>Client ID</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="179"/>
        <source>SSL</source>
        <translation>SSL</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="181"/>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="183"/>
        <source>In flight</source>
        <translation>传输中</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="185"/>
        <source>Stored</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="187"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="189"/>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="191"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
</context>
<context>
    <name>qmt::state::SubscriptionModel</name>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="113"/>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="118"/>
        <source>The server granted a lower QoS than requested</source>
        <translation>服务器授予的 QoS 低于请求的 QoS</translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="137"/>
        <source>Topic filter</source>
        <translation>主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="139"/>
        <source>Requested QoS</source>
        <translation>请求的 QoS</translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="141"/>
        <source>Granted QoS</source>
        <translation>授予的 QoS</translation>
    </message>
</context>
<context>
    <name>qmt::state::TextMatcher</name>
    <message>
        <location filename="../modem/models/textmatch.cpp" line="27"/>
        <source>Not a valid regular expression: %1 (at character %2)</source>
        <translation>不是有效的正则表达式：%1（第 %2 个字符处）</translation>
    </message>
</context>
<context>
    <name>qmt::state::TrafficExporter</name>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="55"/>
        <source>An export is already running</source>
        <translation>已有导出正在进行</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="60"/>
        <location filename="../modem/models/trafficexport.cpp" line="112"/>
        <location filename="../modem/models/trafficexport.cpp" line="123"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="71"/>
        <source>The traffic changed (cleared or filtered) during the export</source>
        <translation>导出期间通信记录发生了变化（被清除或过滤）</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="79"/>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="98"/>
        <source>The traffic went away during the export</source>
        <translation>导出期间通信记录已不存在</translation>
    </message>
</context>
<context>
    <name>qmt::state::TrafficModel</name>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="234"/>
        <source>command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="236"/>
        <source>echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="238"/>
        <source>prompt</source>
        <translation>提示符</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="240"/>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="242"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="244"/>
        <source>ERROR</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="246"/>
        <source>CME ERROR</source>
        <translation>CME ERROR</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="248"/>
        <source>CONNECT</source>
        <translation>CONNECT</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="250"/>
        <source>response</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="252"/>
        <source>URC</source>
        <translation>URC</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="254"/>
        <source>boot</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="256"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="258"/>
        <source>not AT</source>
        <translation>非 AT</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="297"/>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="297"/>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="305"/>
        <source> … (cut for display)</source>
        <translation> …（显示已截断）</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="338"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="340"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="342"/>
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="344"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="346"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConnectBar</name>
    <message>
        <location filename="../ui/connectbar.cpp" line="231"/>
        <source>Demo: simulated Quectel module (%1)</source>
        <translation>演示：模拟的 Quectel 模块（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="234"/>
        <source>%1 [Quectel]</source>
        <translation>%1 [Quectel]</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="268"/>
        <source>Description: %1</source>
        <translation>描述：%1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="270"/>
        <source>Manufacturer: %1</source>
        <translation>制造商：%1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="272"/>
        <source>Serial number: %1</source>
        <translation>序列号：%1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="274"/>
        <source>USB %1:%2</source>
        <translation>USB %1:%2</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="278"/>
        <source>USB interface %1</source>
        <translation>USB 接口 %1</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="281"/>
        <source>Quectel module: this is its AT command interface</source>
        <translation>Quectel 模块：这是其 AT 命令接口</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="282"/>
        <source>Quectel module: not its AT command interface (that is usually interface 2)</source>
        <translation>Quectel 模块：不是其 AT 命令接口（AT 命令接口通常为接口 2）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="295"/>
        <source>%1 — not present (unplugged?)</source>
        <translation>%1 — 不存在（已拔出？）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="298"/>
        <source>The port chosen last is not there now; it is kept chosen until it is back or another is chosen.</source>
        <translation>上次选择的端口现在不存在；在它恢复或您选择其他端口之前，它会一直保持选中。</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="328"/>
        <source>&amp;Close Port</source>
        <translation>关闭串口(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="328"/>
        <source>&amp;Open Port</source>
        <translation>打开串口(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="329"/>
        <source>Close %1 (%2)</source>
        <translation>关闭 %1（%2）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="332"/>
        <source>Open the chosen port (%1)</source>
        <translation>打开所选串口（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="334"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="334"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="355"/>
        <source>⚠ Not the AT interface</source>
        <translation>⚠ 不是 AT 接口</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="356"/>
        <source>⚠ Not the AT interface: &lt;a href=&quot;%1&quot;&gt;use %2&lt;/a&gt;</source>
        <translation>⚠ 不是 AT 接口：&lt;a href=&quot;%1&quot;&gt;改用 %2&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="369"/>
        <source>&amp;Port:</source>
        <translation>串口(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="371"/>
        <source>Serial ports with their USB identity; Quectel modules in bold, their AT interface first</source>
        <translation>串口及其 USB 标识；Quectel 模块以粗体显示，其 AT 接口排在最前</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="373"/>
        <source>No serial port found: plug a module in, or try File → Demo Mode (%1)</source>
        <translation>未找到串口：请插入模块，或尝试 文件 → 演示模式（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="375"/>
        <source>&amp;Rescan Ports</source>
        <translation>重新扫描串口(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="376"/>
        <source>Look for serial ports again (%1)</source>
        <translation>重新查找串口（%1）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="378"/>
        <source>&amp;Baud:</source>
        <translation>波特率(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="379"/>
        <source>Bits per second; Quectel modules use 115200 by default</source>
        <translation>每秒比特数；Quectel 模块默认使用 115200</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="380"/>
        <source>&amp;Flow:</source>
        <translation>流控(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="381"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="382"/>
        <source>Hardware (RTS/CTS)</source>
        <translation>硬件（RTS/CTS）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="383"/>
        <source>Software (XON/XOFF)</source>
        <translation>软件（XON/XOFF）</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="384"/>
        <source>Reopen when it comes back</source>
        <translation>恢复后重新打开</translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="385"/>
        <source>When the port disappears (cable pulled, module restarting), open it again as soon as it is back</source>
        <translation>串口消失时（拔掉线缆、模块重启），一旦恢复立即重新打开</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConsoleDelegate</name>
    <message>
        <location filename="../ui/consoleview.cpp" line="185"/>
        <location filename="../ui/consoleview.cpp" line="186"/>
        <source>(nothing)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConsolePanel</name>
    <message>
        <location filename="../ui/consolepanel.cpp" line="343"/>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="344"/>
        <source>Show the bytes of each frame in hexadecimal</source>
        <translation>以十六进制显示每帧的字节</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="346"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="347"/>
        <source>Show when each frame was sent or received</source>
        <translation>显示每帧的发送或接收时间</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="348"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="349"/>
        <source>Clear the console (Ctrl+L); the Traffic tab keeps every frame</source>
        <translation>清除控制台（Ctrl+L）；通信记录标签页保留所有帧</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="363"/>
        <source>Append CR LF</source>
        <translation>追加 CR LF</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="364"/>
        <source>Add a carriage return and line feed to the data (they count as two bytes)</source>
        <translation>在数据末尾加上回车和换行（计为两个字节）</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="368"/>
        <location filename="../ui/consolepanel.cpp" line="619"/>
        <source>AT command, e.g. AT+QMTOPEN?</source>
        <translation>AT 命令，例如 AT+QMTOPEN?</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="365"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="366"/>
        <source>Send the command (Enter)</source>
        <translation>发送命令（Enter）</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="565"/>
        <location filename="../ui/consolepanel.cpp" line="581"/>
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="630"/>
        <source>The module waits for the data of %1</source>
        <translation>模块正在等待 %1 的数据</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="367"/>
        <location filename="../ui/consolepanel.cpp" line="616"/>
        <source>Data to write after the prompt</source>
        <translation>在提示符后写入的数据</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="350"/>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="351"/>
        <source>Find text in the console</source>
        <translation>在控制台中查找文本</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="352"/>
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="353"/>
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="354"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="355"/>
        <source>Copy as hex</source>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="356"/>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="357"/>
        <source>Find in the console</source>
        <translation>在控制台中查找</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="358"/>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="359"/>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="360"/>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="361"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="362"/>
        <source>Close the find bar (Esc)</source>
        <translation>关闭查找栏（Esc）</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="468"/>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="470"/>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="505"/>
        <source>Send a value out of range?</source>
        <translation>发送超出范围的值？</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="507"/>
        <source>The module is likely to refuse this command:</source>
        <translation>模块很可能拒绝此命令：</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="508"/>
        <source>Send it anyway to see what the module does, or edit it first.</source>
        <translation>仍然发送以观察模块的反应，或先修改。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="512"/>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="514"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="518"/>
        <source>Don&apos;t ask again until QMT Scope is restarted</source>
        <translation>在 QMT Scope 重启前不再询问</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/consolepanel.cpp" line="646"/>
        <source>%n byte(s) typed; Ctrl+Z is added to end the data</source>
        <translation>
            <numerusform>已输入 %n 字节；将追加 Ctrl+Z 以结束数据</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="648"/>
        <source>%1 of %2 bytes declared</source>
        <translation>%1 / %2 字节（声明长度）</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="650"/>
        <source>%1 of %2 bytes declared: the module waits for %3 more</source>
        <translation>%1 / %2 字节（声明长度）：模块还在等待 %3 字节</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="656"/>
        <source>%1 of %2 bytes declared: the module drops the last %3</source>
        <translation>%1 / %2 字节（声明长度）：模块将丢弃最后 %3 字节</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/consolepanel.cpp" line="663"/>
        <source>(%n byte(s) written already)</source>
        <translation>
            <numerusform>（已写入 %n 字节）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="678"/>
        <source>Enter writes the data exactly as typed; the module answers OK and a result URC.</source>
        <translation>按 Enter 将数据按输入原样写入；模块会返回 OK 和一条结果 URC。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="685"/>
        <source>Type an AT command: names complete as you type, ↑ and ↓ recall earlier commands, Enter sends.</source>
        <translation>输入 AT 命令：输入时自动补全命令名，↑ 和 ↓ 调出历史命令，Enter 发送。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="695"/>
        <source>A command QMT Scope has no syntax for: it is sent as typed.</source>
        <translation>QMT Scope 不了解此命令的语法：将按输入原样发送。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="696"/>
        <source>Not an AT command: written to the module as typed.</source>
        <translation>不是 AT 命令：将按输入原样写入模块。</translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="727"/>
        <source>Out of range: %1</source>
        <translation>超出范围：%1</translation>
    </message>
</context>
<context>
    <name>qmt::ui::DashboardPanel</name>
    <message>
        <location filename="../ui/dashboard.cpp" line="27"/>
        <location filename="../ui/dashboard.cpp" line="124"/>
        <source>MQTT client slots</source>
        <translation>MQTT 客户端</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="140"/>
        <source>Open the module&apos;s serial port, or start the demo, to use the slots.</source>
        <translation>打开模块的串口或启动演示模式后，即可使用各客户端。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="152"/>
        <source>Next: “Publish…” to a topic you subscribed to; the message comes back to the slot.</source>
        <translation>下一步：对已订阅的主题“发布…”；消息会回到该客户端。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="154"/>
        <source>Next: “Subscribe…” to a topic, then publish to it.</source>
        <translation>下一步：“订阅…”一个主题，然后向其发布消息。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="156"/>
        <source>Next: “Connect…” the slot to the broker as an MQTT client.</source>
        <translation>下一步：“连接…”，让该客户端作为 MQTT 客户端连接到服务器。</translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="158"/>
        <source>Start with “Open network…” on a slot, then connect, subscribe and publish; click a slot for its messages.</source>
        <translation>先在某个客户端上点击“打开网络…”，然后连接、订阅和发布；点击客户端可查看其消息。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::DiagnosisPanel</name>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="109"/>
        <location filename="../ui/diagnosispanel.cpp" line="113"/>
        <source>Save Timeline Picture</source>
        <translation>保存时间线图片</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="110"/>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="148"/>
        <source>The picture could not be written to %1: %2</source>
        <translation>图片无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="190"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="197"/>
        <source>Log: %1</source>
        <translation>日志：%1</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="219"/>
        <source>No failure found in this session.</source>
        <translation>本次会话未发现故障。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="220"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="221"/>
        <source>%n finding(s) in all</source>
        <translation>
            <numerusform>共 %n 项发现</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="234"/>
        <source>Module</source>
        <translation>模块</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="234"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="243"/>
        <source>%1 (and %n more time(s))</source>
        <translation>
            <numerusform>%1（另有 %n 次）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="255"/>
        <source>Seen</source>
        <translation>看到</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="257"/>
        <source>After</source>
        <translation>起因</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="259"/>
        <source>Means</source>
        <translation>含义</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="260"/>
        <source>Likely</source>
        <translation>可能原因</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="261"/>
        <source>Fix</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="264"/>
        <source>Again</source>
        <translation>重复</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="265"/>
        <source>seen %n more time(s) after this one, not listed again</source>
        <translation>
            <numerusform>此后又出现 %n 次，不再逐条列出</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="266"/>
        <source>; the last at %1</source>
        <translation>；最后一次在 %1</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="275"/>
        <source>Copy Report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="276"/>
        <source>Copy the diagnosis as text (no secrets)</source>
        <translation>以文本复制诊断结果（不含密码等机密）</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="277"/>
        <source>Fit</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="278"/>
        <source>Show the whole session (double-click the timeline, or press 0)</source>
        <translation>显示整个会话（双击时间线，或按 0）</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="280"/>
        <source>Save Picture…</source>
        <translation>保存图片…</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="281"/>
        <source>Save the timeline as shown, as PNG or SVG</source>
        <translation>将当前显示的时间线保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="282"/>
        <source>Timeline — wheel: zoom, drag: pan, click a mark: its traffic row</source>
        <translation>时间线 — 滚轮：缩放，拖动：平移，点击标记：跳到其通信记录行</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ExportDialog</name>
    <message>
        <location filename="../ui/exportdialog.cpp" line="153"/>
        <location filename="../ui/exportdialog.cpp" line="249"/>
        <source>Export Session</source>
        <translation>导出会话</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="154"/>
        <source>&amp;What:</source>
        <translation>内容(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="156"/>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="158"/>
        <source>Also &amp;hide:</source>
        <translation>另外隐藏(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="160"/>
        <source>Texts to write as ***, one per line (a client id, a host, a topic)</source>
        <translation>要写成 *** 的文本，每行一个（客户端 ID、主机、主题）</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="161"/>
        <source>The &amp;whole session</source>
        <translation>整个会话(&amp;W)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="162"/>
        <source>From … &amp;to:</source>
        <translation>从 … 到(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="163"/>
        <source>&amp;Redact secrets: MQTT user names and passwords, device secrets, private keys</source>
        <translation>隐去机密(&amp;R)：MQTT 用户名和密码、设备密钥、私钥</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="164"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="165"/>
        <source>Cancel Export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="171"/>
        <source>This session (journal %1)</source>
        <translation>本会话（会话记录 %1）</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="174"/>
        <source>The opened journal %1</source>
        <translation>已打开的会话记录 %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="177"/>
        <source>The imported log %1</source>
        <translation>已导入的日志 %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="183"/>
        <source>Text log, one timestamped line per frame (.log)</source>
        <translation>文本日志，每帧一行并带时间戳（.log）</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="185"/>
        <source>JSON Lines, one object per frame (.jsonl)</source>
        <translation>JSON Lines，每帧一个对象（.jsonl）</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="186"/>
        <source>HTML report: slots, timeline, findings, traffic (.html)</source>
        <translation>HTML 报告：客户端、时间线、诊断结果、通信数据（.html）</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="190"/>
        <source>Nothing to export: open a port with the journal on (Settings), open a session journal or import a log first.</source>
        <translation>没有可导出的内容：请先在开启会话记录时打开端口（设置）、打开会话记录或导入日志。</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="199"/>
        <source>This export will hold passwords, device secrets and private keys as they were sent. Share it only with people who may see them.</source>
        <translation>此导出文件将包含发送时的密码、设备密钥和私钥。只分享给有权查看它们的人。</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="242"/>
        <source>Text logs (*.log *.txt)</source>
        <translation>文本日志 (*.log *.txt)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="243"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="244"/>
        <source>HTML reports (*.html)</source>
        <translation>HTML 报告 (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="273"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="322"/>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="333"/>
        <source>Exported to %1, secrets redacted.</source>
        <translation>已导出到 %1，机密已隐去。</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="334"/>
        <source>Exported to %1, secrets included.</source>
        <translation>已导出到 %1，包含机密。</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="335"/>
        <source>The export failed: %1 (nothing was written to %2)</source>
        <translation>导出失败：%1（%2 未写入任何内容）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::FaultMenu</name>
    <message>
        <location filename="../ui/faultmenu.cpp" line="44"/>
        <source>slot %1&apos;s broker link dropped</source>
        <translation>客户端 %1 与服务器的连接已断开</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="49"/>
        <source>slot %1&apos;s pings go unanswered</source>
        <translation>客户端 %1 的 Ping 不再得到响应</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="58"/>
        <source>slot %1 refuses its next CONNECT with code %2</source>
        <translation>客户端 %1 的下一次 CONNECT 将以返回码 %2 被拒绝</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="69"/>
        <source>slot %1&apos;s next open fails: %2</source>
        <translation>客户端 %1 下一次打开网络将失败：%2</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="84"/>
        <source>the module answers %1 ms late</source>
        <translation>模块延迟 %1 ms 应答</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="84"/>
        <source>the module answers at once</source>
        <translation>模块立即应答</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="91"/>
        <source>result URCs now come before OK</source>
        <translation>结果 URC 现在先于 OK 发出</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="91"/>
        <source>result URCs now come after OK</source>
        <translation>结果 URC 现在在 OK 之后发出</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="96"/>
        <source>garbage sent on the line</source>
        <translation>已在线路上发送垃圾数据</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="100"/>
        <source>the module restarts</source>
        <translation>模块重启</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="143"/>
        <source>Fault injected: %1</source>
        <translation>已注入故障：%1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="148"/>
        <source>F&amp;aults</source>
        <translation>故障(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="149"/>
        <source>&amp;Target Slot: %1</source>
        <translation>目标客户端(&amp;T)：%1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="152"/>
        <source>Slot &amp;%1</source>
        <translation>客户端 &amp;%1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="153"/>
        <source>&amp;Drop the Broker Link</source>
        <translation>断开与服务器的连接(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="154"/>
        <source>The connection to the broker breaks: +QMTSTAT: %1,1</source>
        <translation>与服务器的连接断开：+QMTSTAT: %1,1</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="155"/>
        <source>Stop Answering &amp;Pings</source>
        <translation>停止响应 Ping(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="157"/>
        <source>The broker stops answering PINGREQ: +QMTSTAT: %1,2 after the ping interval</source>
        <translation>服务器停止响应 PINGREQ：经过 Ping 间隔后报 +QMTSTAT: %1,2</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="158"/>
        <source>&amp;Refuse the Next CONNECT</source>
        <translation>拒绝下一次 CONNECT(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="162"/>
        <source>Code &amp;%1: %2</source>
        <translation>返回码 &amp;%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="164"/>
        <source>Next Open Fails: &amp;DNS</source>
        <translation>下一次打开网络失败：&amp;DNS</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="166"/>
        <source>Next Open Fails: P&amp;DP Context</source>
        <translation>下一次打开网络失败：P&amp;DP 上下文</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="168"/>
        <source>Next Open Fails: &amp;TLS Handshake</source>
        <translation>下一次打开网络失败：&amp;TLS 握手</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="170"/>
        <source>&amp;Slow Responses</source>
        <translation>慢速应答(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="173"/>
        <source>%1 ms Late</source>
        <translation>延迟 %1 ms</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="174"/>
        <source>&amp;Off</source>
        <translation>关闭(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="175"/>
        <source>Result &amp;URC Before OK</source>
        <translation>结果 &amp;URC 先于 OK</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="176"/>
        <source>Send &amp;Garbage</source>
        <translation>发送垃圾数据(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="177"/>
        <source>Re&amp;boot the Module</source>
        <translation>重启模块(&amp;B)</translation>
    </message>
</context>
<context>
    <name>qmt::ui::FormWidget</name>
    <message>
        <location filename="../ui/formwidget.cpp" line="301"/>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="302"/>
        <source>Read back</source>
        <translation>回读</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="304"/>
        <source>The command with the value omitted: the module answers with what it holds</source>
        <translation>省略参数值的命令：模块返回其当前保存的值</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="308"/>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="312"/>
        <source>A secret: shown masked and never remembered</source>
        <translation>机密信息：以掩码显示，且从不保存</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="315"/>
        <source>This command has no parameters.</source>
        <translation>此命令没有参数。</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="316"/>
        <source>AT text:</source>
        <translation>AT 文本：</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="317"/>
        <source>Correct the marked field to see the command</source>
        <translation>请更正标记的字段以查看命令</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="318"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="319"/>
        <source>Add to sequence</source>
        <translation>添加到序列</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="320"/>
        <source>Append this command to the sequence, expecting its success answer</source>
        <translation>将此命令追加到序列，预期结果为成功应答</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="447"/>
        <source>%1 must be within %2: %3 is outside</source>
        <translation>%1 必须在 %2 之内：%3 超出范围</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="458"/>
        <source>%1 is not valid hex: write two digits per byte</source>
        <translation>%1 不是有效的 hex：每个字节写两位数字</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="501"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="504"/>
        <source>Range reported by the module</source>
        <translation>模块报告的范围</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="505"/>
        <source>Range from the specification</source>
        <translation>规范中的范围</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="559"/>
        <source>Bytes sent after CONNECT: %1</source>
        <translation>CONNECT 之后发送的字节：%1</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="560"/>
        <source>Bytes written after the &gt; prompt: %1</source>
        <translation>在 &gt; 提示符后写入的字节：%1</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="568"/>
        <source>This command cannot be built</source>
        <translation>无法生成此命令</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="576"/>
        <source>%1 is outside %2: set to %3</source>
        <translation>%1 超出 %2：已设为 %3</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="584"/>
        <source>Send to the module (Ctrl+Enter)</source>
        <translation>发送到模块（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="584"/>
        <source>Open a port first</source>
        <translation>请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="651"/>
        <location filename="../ui/formwidget.cpp" line="656"/>
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="667"/>
        <source>Sent; waiting for the answer…</source>
        <translation>已发送；正在等待应答…</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="689"/>
        <source>Added as step %1 of the sequence; it expects %2</source>
        <translation>已添加为序列的步骤 %1；预期结果为 %2</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="699"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="700"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="701"/>
        <source>Last result: %1 (%2)</source>
        <translation>上次结果：%1（%2）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::FormsPanel</name>
    <message>
        <location filename="../ui/formspanel.cpp" line="197"/>
        <source>Search commands (Ctrl+F)</source>
        <translation>搜索命令（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="198"/>
        <source>Configuration of client:</source>
        <translation>客户端配置：</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="199"/>
        <source>The client (client_idx) whose AT+QMTCFG settings to read</source>
        <translation>要读取其 AT+QMTCFG 设置的客户端（client_idx）</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="200"/>
        <source>Read from module</source>
        <translation>从模块读取</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="201"/>
        <source>Read every AT+QMTCFG setting of this client back and fill the forms</source>
        <translation>读回此客户端的所有 AT+QMTCFG 设置并填入表单</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="322"/>
        <source>Ranges: the module&apos;s</source>
        <translation>范围：来自模块</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="322"/>
        <source>Ranges: the specification&apos;s</source>
        <translation>范围：来自规范</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="324"/>
        <source>Inputs are limited by what the module answered to the test forms (=?)</source>
        <translation>输入受限于模块对测试命令（=?）的应答</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="325"/>
        <source>Not connected: inputs are limited by PROTOCOL.md&apos;s ranges</source>
        <translation>未连接：输入受限于 PROTOCOL.md 中的范围</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="335"/>
        <source>Not connected: open a port first</source>
        <translation>未连接：请先打开串口</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="348"/>
        <source>Nothing was sent</source>
        <translation>未发送任何内容</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="357"/>
        <source>Reading the configuration of client %1…</source>
        <translation>正在读取客户端 %1 的配置…</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="373"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="394"/>
        <source>The forms show the configuration of client %1 as the module holds it</source>
        <translation>表单显示的是模块中保存的客户端 %1 的配置</translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="397"/>
        <source>Read %1 of %2 settings of client %3; %4</source>
        <translation>已读取客户端 %3 的 %1/%2 项设置；%4</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ImportLinesModel</name>
    <message>
        <location filename="../ui/importreport.cpp" line="82"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="84"/>
        <source>In the log</source>
        <translation>日志原文</translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="86"/>
        <source>Read as</source>
        <translation>解读为</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ImportReport</name>
    <message>
        <location filename="../ui/importreport.cpp" line="148"/>
        <source>Imported log — %1</source>
        <translation>导入的日志 — %1</translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="150"/>
        <source>Double-click a line to see its traffic.</source>
        <translation>双击某行可查看其通信记录。</translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="152"/>
        <source>Only lines that need a look (not understood, data left out, lengths that differ)</source>
        <translation>只显示需要查看的行（无法识别、数据被省略、长度不一致）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::JournalSettingsDialog</name>
    <message>
        <location filename="../ui/journalsettings.cpp" line="66"/>
        <source>Where Journals Go</source>
        <translation>会话记录存放位置</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="82"/>
        <source>Journal Settings</source>
        <translation>会话记录设置</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="83"/>
        <source>&amp;Write a journal of every session (every byte, both ways, on disk as it comes)</source>
        <translation>为每个会话写会话记录(&amp;W)（收发的每个字节，到达时即写入磁盘）</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="84"/>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="86"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="87"/>
        <source>&amp;Keep for:</source>
        <translation>保留(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="89"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="90"/>
        <source>ever</source>
        <translation>永久</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="91"/>
        <source>&amp;At most:</source>
        <translation>最多(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="93"/>
        <source> MB in all</source>
        <translation> MB（合计）</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="94"/>
        <source>When the journals take more room, or are older, the oldest are removed first (when a port opens, and now). A journal stops, with a message, at that size or when its disk has less than %1 MB free; the session goes on.</source>
        <translation>会话记录占用空间超出或时间更久时，最旧的先被删除（在打开端口时，以及现在）。会话记录达到该大小或其磁盘可用空间少于 %1 MB 时停止并给出提示；会话继续进行。</translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="104"/>
        <source>The folder %1 cannot be made; choose another.</source>
        <translation>无法创建文件夹 %1；请另选一个。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="510"/>
        <source>About QMT Scope</source>
        <translation>关于 QMT Scope</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="511"/>
        <source>&lt;h3&gt;QMT Scope %1&lt;/h3&gt;&lt;p&gt;A diagnostic tool for the MQTT AT commands of Quectel LTE modules (EC2x, EG2x, EG9x, EM05, EP200F): the six client slots live, every result and error code in words with its fix, command forms, sequences, TLS set-up, and a simulated module for demos.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;QMT Scope %1&lt;/h3&gt;&lt;p&gt;用于 Quectel LTE 模块（EC2x、EG2x、EG9x、EM05、EP200F）MQTT AT 命令的诊断工具：实时显示六个客户端的状态，以文字说明每个结果码和错误码及其解决方法，并提供命令表单、序列、TLS 配置，以及用于演示的模拟模块。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="656"/>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="657"/>
        <source>Traffic</source>
        <translation>通信记录</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="658"/>
        <source>Forms</source>
        <translation>表单</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="659"/>
        <source>Sequences</source>
        <translation>序列</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="665"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="666"/>
        <source>&amp;Connection Bar</source>
        <translation>连接栏(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="668"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="874"/>
        <source>&amp;Demo Mode</source>
        <translation>演示模式(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="877"/>
        <source>Start a simulated module with its own MQTT broker and connect to it</source>
        <translation>启动一个自带 MQTT 服务器的模拟模块并连接到它</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="692"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="554"/>
        <source>The journal goes on</source>
        <translation>会话记录继续写入</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="596"/>
        <source>Journal stopped — &lt;a href=&quot;resume&quot;&gt;Resume&lt;/a&gt;</source>
        <translation>会话记录已停止 — &lt;a href=&quot;resume&quot;&gt;继续&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="598"/>
        <source>Journal %1 MB — disk nearly full (%2 MB free)</source>
        <translation>会话记录 %1 MB — 磁盘将满（剩余 %2 MB）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="694"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="695"/>
        <source>&amp;Console</source>
        <translation>控制台(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="695"/>
        <source>&amp;Traffic</source>
        <translation>通信记录(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="695"/>
        <source>&amp;Forms</source>
        <translation>表单(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="696"/>
        <source>&amp;Sequences</source>
        <translation>序列(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="699"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="703"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="704"/>
        <source>&amp;TLS Wizard…</source>
        <translation>TLS 向导(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="705"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="706"/>
        <source>&amp;About QMT Scope</source>
        <translation>关于 QMT Scope(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="707"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="709"/>
        <source>QMT Scope — demo</source>
        <translation>QMT Scope — 演示</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="709"/>
        <source>QMT Scope</source>
        <translation>QMT Scope</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="790"/>
        <source>%1 does not exist</source>
        <translation>%1 不存在</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="821"/>
        <source>Starting the demo: a simulated module and its MQTT broker…</source>
        <translation>正在启动演示：模拟模块及其 MQTT 服务器…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="456"/>
        <source>Demo mode did not start: %1</source>
        <translation>演示模式未能启动：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="209"/>
        <location filename="../ui/mainwindow.cpp" line="211"/>
        <source>Cannot import %1: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="211"/>
        <location filename="../ui/mainwindow.cpp" line="418"/>
        <source>Import a Log</source>
        <translation>导入日志</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="216"/>
        <source>it is a folder</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="225"/>
        <source>it is larger than 1 GB; cut it, or read it with qmtscope-cli decode</source>
        <translation>文件大于 1 GB；请截短，或用 qmtscope-cli decode 读取</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="231"/>
        <source>it holds binary data, not text (is it the right file?)</source>
        <translation>其中是二进制数据而不是文本（文件选对了吗？）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="243"/>
        <source>Imported %1: %2</source>
        <translation>已导入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="279"/>
        <source>%1 shows no command of the host: nothing to make a sequence of</source>
        <translation>%1 中没有主机发出的命令：无法生成序列</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="284"/>
        <source>Sequence from Log</source>
        <translation>从日志生成序列</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="285"/>
        <source>Replace the sequence being edited (%n step(s), not saved)?</source>
        <translation>
            <numerusform>替换正在编辑的序列（%n 个步骤，未保存）吗？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="288"/>
        <source>Reproduction of %1</source>
        <translation>%1 的复现</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="292"/>
        <source>%n step(s) from %1</source>
        <translation>
            <numerusform>从 %1 生成了 %n 个步骤</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="295"/>
        <source>%n with data the log left out: fill it in before playing</source>
        <translation>
            <numerusform>其中 %n 个步骤的数据在日志中被省略：运行前请填入</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="340"/>
        <source>the demo&apos;s simulated module</source>
        <translation>演示模式的模拟模块</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="341"/>
        <source>the module on %1</source>
        <translation>%1 上的模块</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="390"/>
        <location filename="../ui/mainwindow.cpp" line="621"/>
        <source>Open a Session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="391"/>
        <source>Session journals (*.qmtj);;All files (*)</source>
        <translation>会话记录 (*.qmtj);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="402"/>
        <source>Export Session</source>
        <translation>导出会话</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="403"/>
        <source>Nothing to export yet: open a port (with the journal on), open a session journal or import a log.</source>
        <translation>还没有可导出的内容：请打开端口（开启会话记录）、打开会话记录或导入日志。</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="419"/>
        <source>Logs (*.log *.txt *.md *.csv);;All files (*)</source>
        <translation>日志 (*.log *.txt *.md *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="446"/>
        <source>The demo is starting…</source>
        <translation>演示正在启动…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="460"/>
        <source>The demo&apos;s MQTT broker stopped; stop and start demo mode again</source>
        <translation>演示的 MQTT 服务器已停止；请停止并重新启动演示模式</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="603"/>
        <source>Journal %1 MB</source>
        <translation>会话记录 %1 MB</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="607"/>
        <source>Every byte of this session is written to %1</source>
        <translation>本次会话的每个字节都写入 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="633"/>
        <source>Opened the session journal %1: %n chunk(s) replayed</source>
        <translation>
            <numerusform>已打开会话记录 %1：回放了 %n 个数据块</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="638"/>
        <source>Reading the session journal %1…</source>
        <translation>正在读取会话记录 %1…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="660"/>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="661"/>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="663"/>
        <source>This computer as an MQTT client on the slot&apos;s broker: watch, publish, and check delivery end to end</source>
        <translation>本机作为 MQTT 客户端连接客户端所用的代理服务器：查看、发布，并检查端到端送达</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="671"/>
        <source>&amp;Journal Settings…</source>
        <translation>会话记录设置(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="672"/>
        <source>Where session journals go, how long they are kept, how much room they may take</source>
        <translation>会话记录存放在哪里、保留多久、最多占用多少空间</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="674"/>
        <source>&amp;Export Session…</source>
        <translation>导出会话(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="676"/>
        <source>Write this session, or a time range of it, as a text log, JSON Lines or an HTML report, with its secrets redacted</source>
        <translation>将本会话或其中一段时间写成文本日志、JSON Lines 或 HTML 报告，并隐去机密</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="678"/>
        <source>Open &amp;Session…</source>
        <translation>打开会话(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="680"/>
        <source>Show a session journal again: the slots, the traffic and the diagnosis as they were</source>
        <translation>重新显示一个会话记录：客户端、通信记录和诊断都恢复为当时的样子</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="681"/>
        <source>&amp;Import Log…</source>
        <translation>导入日志(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="683"/>
        <source>Show a customer&apos;s log: timestamps, markers, notes and hex dumps are understood</source>
        <translation>显示客户的日志：可识别时间戳、方向标记、注释和十六进制转储</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="684"/>
        <source>Import &amp;Report</source>
        <translation>导入报告(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="685"/>
        <source>Se&amp;quence from Log</source>
        <translation>从日志生成序列(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="687"/>
        <source>Turn the imported log into a sequence to play against a module or the demo</source>
        <translation>把导入的日志转换为序列，以便在模块或演示模式上运行</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="688"/>
        <source>Re&amp;produce Log…</source>
        <translation>复现日志(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="689"/>
        <source>Play the imported log&apos;s commands against the module or the demo and compare the answers with the customer&apos;s, step by step</source>
        <translation>将导入日志中的命令发给模块或演示模块，并逐步与客户日志中的应答比较</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="696"/>
        <source>&amp;Diagnosis</source>
        <translation>诊断(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="696"/>
        <source>&amp;Peer</source>
        <translation>对端(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="838"/>
        <source>Demo mode: the simulated module is ready</source>
        <translation>演示模式：模拟模块已就绪</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="839"/>
        <source>Demo mode: the simulated module is ready, without TLS: %1</source>
        <translation>演示模式：模拟模块已就绪，但没有 TLS：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="854"/>
        <source>Demo mode stopped</source>
        <translation>演示模式已停止</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="874"/>
        <source>&amp;Demo Mode (starting…)</source>
        <translation>演示模式(&amp;D)（启动中…）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="876"/>
        <source>The simulated module and its MQTT broker are starting</source>
        <translation>模拟模块及其 MQTT 代理正在启动</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="900"/>
        <source>Playing %n command(s)…</source>
        <translation>
            <numerusform>正在执行 %n 条命令…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="907"/>
        <source>Script finished: %n command(s) failed</source>
        <translation>
            <numerusform>脚本执行完毕：%n 条命令失败</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="908"/>
        <source>Script finished: every command succeeded</source>
        <translation>脚本执行完毕：所有命令均成功</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="950"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="951"/>
        <source>No port is open</source>
        <translation>未打开串口</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="954"/>
        <source>Open: demo module</source>
        <translation>已打开：演示模块</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="954"/>
        <source>Open: %1</source>
        <translation>已打开：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="955"/>
        <source>%1 at %2 baud</source>
        <translation>%1，波特率 %2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="958"/>
        <source>Lost: %1 (waiting for it)</source>
        <translation>已丢失：%1（等待恢复）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="958"/>
        <source>Lost: %1</source>
        <translation>已丢失：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="971"/>
        <source>Module: asking…</source>
        <translation>模块：正在查询…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="971"/>
        <source>Module: unknown</source>
        <translation>模块：未知</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="975"/>
        <source>Echo unknown</source>
        <translation>回显状态未知</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="975"/>
        <source>Echo on</source>
        <translation>回显已开启</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="975"/>
        <source>Echo off</source>
        <translation>回显已关闭</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="976"/>
        <source>Whether the module echoes the commands it is sent (ATE1 / ATE0)</source>
        <translation>模块是否回显收到的命令（ATE1 / ATE0）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="983"/>
        <source>Demo broker: 127.0.0.1:%1, TLS %2</source>
        <translation>演示代理：127.0.0.1:%1，TLS %2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="986"/>
        <source>Slots with SSL go to its TLS listener (port %1), which requires a client certificate of the demo&apos;s CA: the TLS wizard and the §5.2 template offer the demo&apos;s files (%2).</source>
        <translation>启用 SSL 的槽位连接到其 TLS 监听端口（端口 %1），该端口要求由演示 CA 签发的客户端证书：TLS 向导和 §5.2 模板会提供演示的文件（%2）。</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="991"/>
        <source>Demo broker: 127.0.0.1:%1</source>
        <translation>演示服务器：127.0.0.1:%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="978"/>
        <source>The demo&apos;s own Mosquitto broker; any host name but localhost and IP addresses is sent there. Try: mosquitto_sub -p %1 -t &apos;#&apos; -v</source>
        <translation>演示模式自带的 Mosquitto 服务器；除 localhost 和 IP 地址外，连接任何主机名都会转到这里。可尝试：mosquitto_sub -p %1 -t &apos;#&apos; -v</translation>
    </message>
</context>
<context>
    <name>qmt::ui::PayloadEdit</name>
    <message>
        <location filename="../ui/formfields.cpp" line="203"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="204"/>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="205"/>
        <source>Edit the bytes as UTF-8 text or as hex digits</source>
        <translation>以 UTF-8 文本或 hex 数字编辑字节</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="206"/>
        <source>Load file…</source>
        <translation>加载文件…</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="207"/>
        <source>Take the bytes of a file (a certificate or a key)</source>
        <translation>读取文件的字节（证书或密钥）</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="262"/>
        <source>not valid hex: two digits per byte</source>
        <translation>hex 无效：每个字节需两位数字</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="267"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="268"/>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="274"/>
        <source>Load a file</source>
        <translation>加载文件</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="279"/>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>qmt::ui::PeerPanel</name>
    <message>
        <location filename="../ui/peerpanel.cpp" line="145"/>
        <source>Connected to %1:%2</source>
        <translation>已连接到 %1:%2</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="151"/>
        <source>The broker refused the connection: %1</source>
        <translation>代理服务器拒绝连接：%1</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="155"/>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="158"/>
        <source>Lost the broker: %1; trying again every 2 s</source>
        <translation>与代理服务器断开：%1；每 2 秒重试一次</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="185"/>
        <source>The broker refused the subscription to %1</source>
        <translation>代理服务器拒绝订阅 %1</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="187"/>
        <source>Subscribed to %1 (QoS %2)</source>
        <translation>已订阅 %1（QoS %2）</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="410"/>
        <source>Save the Charts</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="410"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="412"/>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="415"/>
        <source>Save the Measurements</source>
        <translation>保存测量数据</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="416"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="419"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="440"/>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="440"/>
        <source>&amp;Disconnect</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="445"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="445"/>
        <source>&amp;Run Check</source>
        <translation>运行检查(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="448"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="449"/>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="450"/>
        <source>disconnecting…</source>
        <translation>正在断开…</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="451"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="452"/>
        <source>Desktop client: %1%2</source>
        <translation>桌面客户端：%1%2</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="484"/>
        <source>Settings of slot %1 copied; enter its password</source>
        <translation>已复制客户端 %1 的设置；请输入其密码</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="485"/>
        <source>Settings of slot %1 copied</source>
        <translation>已复制客户端 %1 的设置</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="572"/>
        <source>Cannot subscribe to %1: %2</source>
        <translation>无法订阅 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="587"/>
        <source>Unsubscribed from %1</source>
        <translation>已取消订阅 %1</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="594"/>
        <source>A topic to publish to has no wildcards (+, #)</source>
        <translation>发布的主题不能包含通配符（+、#）</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="600"/>
        <source>Cannot publish: %1</source>
        <translation>无法发布：%1</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="602"/>
        <source>Published %1 bytes to %2</source>
        <translation>已向 %2 发布 %1 字节</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="665"/>
        <source>Not JSON: %1 (at byte %2)</source>
        <translation>不是 JSON：%1（第 %2 字节处）</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="677"/>
        <source>Connect the desktop client first</source>
        <translation>请先连接桌面客户端</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="690"/>
        <source>Choose at least one QoS level</source>
        <translation>请至少选择一个 QoS 级别</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="694"/>
        <source>Open the module&apos;s port (or the demo) first</source>
        <translation>请先打开模组的串口（或演示模式）</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="800"/>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="801"/>
        <source>PASS: all %1 messages arrived intact</source>
        <translation>通过：全部 %1 条消息完整到达</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="802"/>
        <source>FAIL: %1 of %2 messages arrived intact</source>
        <translation>失败：%2 条消息中只有 %1 条完整到达</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="805"/>
        <source>End-to-end check passed</source>
        <translation>端到端检查通过</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="805"/>
        <source>End-to-end check failed</source>
        <translation>端到端检查失败</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="835"/>
        <source>no measurements yet</source>
        <translation>尚无测量数据</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="856"/>
        <source>Broker:</source>
        <translation>代理服务器：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="857"/>
        <source>Where this computer reaches the broker the slot uses</source>
        <translation>本机访问该客户端所用代理服务器的地址</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="858"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="859"/>
        <source>Client ID:</source>
        <translation>客户端 ID：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="861"/>
        <source>Must differ from the module&apos;s: the broker drops the older of two clients with one ID</source>
        <translation>必须与模组的不同：同一 ID 的两个客户端，代理服务器会断开较早的那个</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="862"/>
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="863"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="864"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="865"/>
        <source>CA certificate (PEM)</source>
        <translation>CA 证书（PEM）</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="866"/>
        <source>client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="867"/>
        <source>client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="869"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="870"/>
        <source>Copy from Slot</source>
        <translation>从客户端复制</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="872"/>
        <source>The broker, port, TLS and user of that slot (in demo mode: the demo&apos;s broker); secrets you have not typed here are not copied</source>
        <translation>该客户端的代理服务器、端口、TLS 和用户名（演示模式下为演示代理服务器）；未在此输入的密钥不会被复制</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="874"/>
        <location filename="../ui/peerpanel.cpp" line="881"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="875"/>
        <source>End-to-End Check</source>
        <translation>端到端检查</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="876"/>
        <source>Subscribe to:</source>
        <translation>订阅：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="877"/>
        <source>A topic filter: + matches one level, # all below</source>
        <translation>主题过滤器：+ 匹配一级，# 匹配以下所有级</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="878"/>
        <source>Subscribe</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="879"/>
        <source>Unsubscribe</source>
        <translation>取消订阅</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="880"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="881"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="882"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="883"/>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="884"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="885"/>
        <source>Publish to:</source>
        <translation>发布到：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="886"/>
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="887"/>
        <source>Message:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="888"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="889"/>
        <source>Slot:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="890"/>
        <source>Messages:</source>
        <translation>消息数：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="891"/>
        <source>Messages per direction and QoS, one at a time</source>
        <translation>每个方向、每个 QoS 的消息数，每次一条</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="892"/>
        <source>Bytes:</source>
        <translation>字节：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="893"/>
        <source>QoS:</source>
        <translation>QoS：</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="894"/>
        <source>Binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="895"/>
        <source>Payloads with every byte value</source>
        <translation>载荷包含所有字节值</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="897"/>
        <source>The slot publishes on qmtscope/e2e/up and this client must receive each message intact; this client publishes on qmtscope/e2e/down and the slot must report it. A slot that is not connected is opened and connected first.</source>
        <translation>客户端在 qmtscope/e2e/up 上发布，本客户端必须完整收到每条消息；本客户端在 qmtscope/e2e/down 上发布，客户端必须报告它。未连接的客户端会先被打开并连接。</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="900"/>
        <source>Save Picture…</source>
        <translation>保存图片…</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="901"/>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="902"/>
        <source>Latency (ms) · ↑ module → peer, ↓ peer → module</source>
        <translation>时延（毫秒）· ↑ 模组 → 对端，↓ 对端 → 模组</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="904"/>
        <source>Per message: from the module&apos;s OK after the data (↑) or the desktop&apos;s publish (↓) to its arrival. The serial line&apos;s share is in the lines above.</source>
        <translation>每条消息：从模组在数据后应答 OK（↑）或桌面发布（↓）起到到达为止。串口线路所占部分见上方各行。</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="906"/>
        <source>Messages per second</source>
        <translation>每秒消息数</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="907"/>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="908"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>qmt::ui::PortProblemDialog</name>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="116"/>
        <source>Port Problem</source>
        <translation>串口问题</translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="117"/>
        <source>Port Problem: %1</source>
        <translation>串口问题：%1</translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="118"/>
        <source>In a terminal:</source>
        <translation>在终端中执行：</translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="119"/>
        <source>&amp;Copy Commands</source>
        <translation>复制命令(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="120"/>
        <source>&amp;Use %1</source>
        <translation>改用 %1(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="121"/>
        <source>&amp;Try Again</source>
        <translation>重试(&amp;T)</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ReplayBar</name>
    <message>
        <location filename="../ui/replaybar.cpp" line="127"/>
        <source>%1  (reading: %2% of the journal)</source>
        <translation>%1  （已读取记录的 %2%）</translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="129"/>
        <source>%1  (%2 s to the end)</source>
        <translation>%1  （距结束 %2 秒）</translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="134"/>
        <source>Replay:</source>
        <translation>回放：</translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="137"/>
        <source>Pause the replay</source>
        <translation>暂停回放</translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="138"/>
        <source>Play the journal again from here at the chosen speed</source>
        <translation>以所选速度从此处重新播放会话记录</translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="139"/>
        <source>Stop reading: show the session as it was at the moment reached</source>
        <translation>停止读取：显示会话在已读到时刻的状态</translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="140"/>
        <source>How many times faster than it happened</source>
        <translation>比实际发生快多少倍</translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="142"/>
        <source>The session as it was at this moment: the slots, the traffic and the diagnosis</source>
        <translation>此时刻的会话：客户端、通信数据和诊断</translation>
    </message>
</context>
<context>
    <name>qmt::ui::ReproduceDialog</name>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="126"/>
        <source>Step %1 of %2 played against %3…</source>
        <translation>第 %1 步（共 %2 步）已发给%3…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="136"/>
        <source>Playing %n step(s) against %1…</source>
        <translation>
            <numerusform>正在将 %n 个步骤发给%1…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="164"/>
        <location filename="../ui/reproducedialog.cpp" line="187"/>
        <location filename="../ui/reproducedialog.cpp" line="199"/>
        <location filename="../ui/reproducedialog.cpp" line="232"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="220"/>
        <source>The first divergence</source>
        <translation>第一个不一致之处</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="229"/>
        <source>First divergence at step %1 (%2): %3 — %4 of %n step(s) answered alike.</source>
        <translation>
            <numerusform>第一个不一致在第 %1 步（%2）：%3 — %n 个步骤中有 %4 个应答相同。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="239"/>
        <source>%1 answered as the log shows: %n step(s) alike.</source>
        <translation>
            <numerusform>%1 的应答与日志一致：%n 个步骤相同。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="253"/>
        <source>%1 shows no command of the host: nothing to play.</source>
        <translation>%1 中没有主机发出的命令：无可回放。</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="256"/>
        <source>Open the module&apos;s port, or start the demo (File &gt; Demo Mode), then press Play.</source>
        <translation>请先打开模块的串口，或启动演示模式（文件 &gt; 演示模式），然后按“回放”。</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="258"/>
        <source>Press Play to send these commands and compare the answers.</source>
        <translation>按“回放”发送这些命令并比较应答。</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="264"/>
        <source>Reproduce %1</source>
        <translation>复现 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="266"/>
        <source>%n command(s) of the host from %1; each step expects the customer&apos;s answer.</source>
        <translation>
            <numerusform>来自 %1 的 %n 条主机命令；每一步都以客户的应答为预期。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="270"/>
        <source>%n step(s) send stand-in data: the log left it out.</source>
        <translation>
            <numerusform>%n 个步骤发送替代数据：日志中省略了数据。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="278"/>
        <source>Keep the log&apos;s pauses between commands (%1 s in all)</source>
        <translation>保留日志中命令之间的间隔（共 %1 秒）</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="280"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="280"/>
        <source>The log (customer)</source>
        <translation>日志（客户）</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="280"/>
        <source>Ours</source>
        <translation>我们的</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="281"/>
        <source>Play</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="282"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="283"/>
        <source>Copy as Text</source>
        <translation>复制为文本</translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="284"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SequencePanel</name>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="181"/>
        <source>Load sequence</source>
        <translation>加载序列</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="181"/>
        <location filename="../ui/sequencepanel.cpp" line="705"/>
        <source>QMT Scope sequences (*.qmtseq);;All files (*)</source>
        <translation>QMT Scope 序列 (*.qmtseq);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="340"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="383"/>
        <source>Run all</source>
        <translation>全部运行</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="384"/>
        <source>Run every step from the first; stops at the first unexpected answer</source>
        <translation>从第一步开始运行所有步骤；遇到第一个不符合预期的应答时停止</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="386"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="387"/>
        <source>Run the next step only</source>
        <translation>仅运行下一步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="388"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="389"/>
        <source>Stop the run; a command already sent still finishes</source>
        <translation>停止运行；已发送的命令仍会执行完毕</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="390"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="391"/>
        <source>Add a step after the selected one</source>
        <translation>在所选步骤之后添加步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="392"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="393"/>
        <source>Edit the selected step</source>
        <translation>编辑所选步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="394"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="395"/>
        <source>Remove the selected steps</source>
        <translation>删除所选步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="396"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="397"/>
        <source>Move the step up</source>
        <translation>上移该步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="398"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="399"/>
        <source>Move the step down</source>
        <translation>下移该步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="400"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="401"/>
        <source>Save the sequence as a text file</source>
        <translation>将序列保存为文本文件</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="402"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="403"/>
        <source>Load…</source>
        <translation>加载…</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="404"/>
        <source>Load a sequence file (.qmtseq)</source>
        <translation>加载序列文件（.qmtseq）</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="405"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="406"/>
        <source>Start from one of the vendor note&apos;s sessions</source>
        <translation>从厂商应用笔记中的某个会话开始</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="407"/>
        <source>Seed §5.1: MQTT without SSL</source>
        <translation>示例 §5.1：不使用 SSL 的 MQTT</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="622"/>
        <source>Seed §5.2: MQTT with SSL (needs your certificate files)</source>
        <translation>示例 §5.2：使用 SSL 的 MQTT（需要你的证书文件）</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="409"/>
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="410"/>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="411"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="462"/>
        <source>New sequence</source>
        <translation>新序列</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="467"/>
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="470"/>
        <source>%1 · %n step(s)</source>
        <translation>
            <numerusform>%1 · %n 个步骤</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="584"/>
        <source>Step %1 failed: %2</source>
        <translation>步骤 %1 失败：%2</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="586"/>
        <source>Stopped at step %1.</source>
        <translation>在步骤 %1 处停止。</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="601"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="602"/>
        <source>All %n step(s) passed in %1.</source>
        <translation>
            <numerusform>全部 %n 个步骤均已通过，用时 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="606"/>
        <source>Step %1 passed: %2</source>
        <translation>步骤 %1 通过：%2</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="623"/>
        <source>Seed §5.2: MQTT with SSL (with the demo&apos;s certificates)</source>
        <translation>种子 §5.2：带 SSL 的 MQTT（使用演示证书）</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="632"/>
        <source>Replace the sequence?</source>
        <translation>替换序列？</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="633"/>
        <source>The current sequence has changes that are not saved. Replace it?</source>
        <translation>当前序列有未保存的更改。要替换吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="648"/>
        <source>… and %n more problem(s)</source>
        <translation>
            <numerusform>… 以及另外 %n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="649"/>
        <source>Cannot load %1:</source>
        <translation>无法加载 %1：</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="664"/>
        <source>Loaded %1. Its upload steps read %2, which are not next to it: save the sequence into the folder that holds those files (Save…), or edit those steps and choose your files.</source>
        <translation>已加载 %1。其中的上传步骤要读取 %2，但这些文件不在序列文件旁边：请将序列保存到存放这些文件的文件夹（保存…），或编辑这些步骤并选择你的文件。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="671"/>
        <source>Loaded %1: %n step(s). Its upload steps read the demo&apos;s certificates (%2); the demo&apos;s broker has a TLS listener that requires them.</source>
        <translation>
            <numerusform>已加载 %1：%n 个步骤。其上传步骤读取演示证书（%2）；演示代理有一个要求这些证书的 TLS 监听端口。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="678"/>
        <source>Loaded %1: %n step(s).</source>
        <translation>
            <numerusform>已加载 %1：%n 个步骤。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="695"/>
        <location filename="../ui/sequencepanel.cpp" line="716"/>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="704"/>
        <source>Save sequence</source>
        <translation>保存序列</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SequenceStepDialog</name>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="139"/>
        <source>Sequence step</source>
        <translation>序列步骤</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="140"/>
        <source>&amp;Command:</source>
        <translation>命令(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="141"/>
        <source>&amp;Data:</source>
        <translation>数据(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="142"/>
        <source>&amp;Expect:</source>
        <translation>期望(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="143"/>
        <source>&amp;Timeout:</source>
        <translation>超时(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="144"/>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="145"/>
        <source>AT+QMTOPEN=0,&quot;broker.example.com&quot;,1883</source>
        <translation>AT+QMTOPEN=0,&quot;broker.example.com&quot;,1883</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="146"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="147"/>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="148"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="149"/>
        <source>How the data is given: text with the escapes \r \n \t \&quot; \\ \xNN, hexadecimal bytes, or a file read when the step runs</source>
        <translation>数据的给出方式：带转义符 \r \n \t \&quot; \\ \xNN 的文本、十六进制字节，或在步骤运行时读取的文件</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="151"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="152"/>
        <source>One line each; every line must be seen in the answer or a URC. * matches anything, {size} and {checksum} stand for the data&apos;s. Empty: the command must succeed.</source>
        <translation>每行一项；每一行都必须出现在应答或 URC 中。* 匹配任意内容，{size} 和 {checksum} 代表数据的大小和校验和。留空：命令必须成功。</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="155"/>
        <source>auto (from the command)</source>
        <translation>自动（根据命令）</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="156"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="157"/>
        <source>What the step is for</source>
        <translation>该步骤的用途</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="203"/>
        <source>This is test data\r\n</source>
        <translation>这是测试数据\r\n</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="207"/>
        <source>41 54 0d 0a</source>
        <translation>41 54 0d 0a</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="211"/>
        <source>cacert.pem (relative to the sequence file)</source>
        <translation>cacert.pem（相对于序列文件）</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="239"/>
        <source>Cannot read %1 now: %2</source>
        <translation>目前无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="262"/>
        <source>Data for the step</source>
        <translation>步骤的数据</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="263"/>
        <source>Certificates and keys (*.pem *.crt *.cer *.key *.der);;All files (*)</source>
        <translation>证书和密钥 (*.pem *.crt *.cer *.key *.der);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="324"/>
        <source>Choose the file the step sends, e.g. a certificate for AT+QFUPL.</source>
        <translation>选择该步骤要发送的文件，例如用于 AT+QFUPL 的证书。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencestepdialog.cpp" line="326"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="331"/>
        <source>Type the command line.</source>
        <translation>请输入命令行。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotActionDialog</name>
    <message>
        <location filename="../ui/slotactions.cpp" line="133"/>
        <source>Slot %1: %2</source>
        <translation>客户端 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="154"/>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotActionRunner</name>
    <message>
        <location filename="../ui/slotactions.cpp" line="40"/>
        <source>Open network…</source>
        <translation>打开网络…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="42"/>
        <source>Connect…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="44"/>
        <source>Subscribe…</source>
        <translation>订阅…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="46"/>
        <source>Publish…</source>
        <translation>发布…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="48"/>
        <source>Unsubscribe…</source>
        <translation>退订…</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="50"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="52"/>
        <source>Close network</source>
        <translation>关闭网络</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="54"/>
        <source>Read stored messages</source>
        <translation>读取缓存的消息</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="56"/>
        <source>Read configuration</source>
        <translation>读取配置</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="67"/>
        <source>Open a network connection to an MQTT broker (AT+QMTOPEN)</source>
        <translation>打开到 MQTT 服务器的网络连接（AT+QMTOPEN）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="69"/>
        <source>Connect to the broker as an MQTT client (AT+QMTCONN)</source>
        <translation>作为 MQTT 客户端连接到服务器（AT+QMTCONN）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="71"/>
        <source>Subscribe to a topic filter (AT+QMTSUB)</source>
        <translation>订阅主题过滤器（AT+QMTSUB）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="73"/>
        <source>Publish a message (AT+QMTPUBEX)</source>
        <translation>发布消息（AT+QMTPUBEX）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="75"/>
        <source>Unsubscribe from a topic filter (AT+QMTUNS)</source>
        <translation>退订主题过滤器（AT+QMTUNS）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="77"/>
        <source>Disconnect from the broker (AT+QMTDISC)</source>
        <translation>断开与服务器的连接（AT+QMTDISC）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="79"/>
        <source>Close the network connection (AT+QMTCLOSE)</source>
        <translation>关闭网络连接（AT+QMTCLOSE）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="81"/>
        <source>Read the messages the module stored in receive mode 1 (AT+QMTRECV)</source>
        <translation>读取模块在接收模式 1 下缓存的消息（AT+QMTRECV）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="83"/>
        <source>Ask the module for the slot&apos;s configuration and state (AT+QMTCFG read-backs, AT+QMTOPEN?, AT+QMTCONN?, AT+QMTRECV?)</source>
        <translation>向模块查询该客户端的配置和状态（AT+QMTCFG 回读、AT+QMTOPEN?、AT+QMTCONN?、AT+QMTRECV?）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="201"/>
        <source>Demo mode: every host name except localhost and IP addresses reaches the demo&apos;s own broker.</source>
        <translation>演示模式：除 localhost 和 IP 地址外，所有主机名都会连接到演示模式自带的服务器。</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="292"/>
        <source>No port is open: open the module&apos;s port (or start the demo) first</source>
        <translation>没有打开的串口：请先打开模块的串口（或启动演示模式）</translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="296"/>
        <source>The session did not take the command</source>
        <translation>会话未接受该命令</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotCard</name>
    <message>
        <location filename="../ui/slotcard.cpp" line="143"/>
        <source>Click (or press Enter) for the slot&apos;s messages, subscriptions and configuration</source>
        <translation>单击（或按 Enter）查看该客户端的消息、订阅和配置</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="144"/>
        <source>MQTT client slot %1</source>
        <translation>MQTT 客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="145"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="200"/>
        <source>Network (AT+QMTOPEN)</source>
        <translation>网络（AT+QMTOPEN）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="201"/>
        <source>MQTT connection (AT+QMTCONN)</source>
        <translation>MQTT 连接（AT+QMTCONN）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="146"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="147"/>
        <source>Everything this slot can do</source>
        <translation>该客户端可执行的全部操作</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="148"/>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="149"/>
        <source>Messages, subscriptions and configuration of the slot</source>
        <translation>该客户端的消息、订阅和配置</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="164"/>
        <source>Broker:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="165"/>
        <source>Client ID:</source>
        <translation>客户端 ID：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="166"/>
        <source>Subscribed:</source>
        <translation>已订阅：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="167"/>
        <source>Messages:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="168"/>
        <source>Last received:</source>
        <translation>最近接收：</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="193"/>
        <source>network %1</source>
        <translation>网络%1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="194"/>
        <source>MQTT %1</source>
        <translation>MQTT %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="197"/>
        <source>State unknown since the port was lost at %1: read the configuration to ask the module.</source>
        <translation>自 %1 端口丢失以来状态未知：请读取配置以询问模块。</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="211"/>
        <location filename="../ui/slotcard.cpp" line="215"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="213"/>
        <source>SSL context %1</source>
        <translation>SSL 上下文 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="213"/>
        <source>no SSL</source>
        <translation>无 SSL</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="218"/>
        <source>%1 (QoS %2)</source>
        <translation>%1（QoS %2）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="221"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="223"/>
        <source>%n published</source>
        <translation>
            <numerusform>已发布 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="224"/>
        <source>%n received</source>
        <translation>
            <numerusform>已接收 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="225"/>
        <source>%n in flight</source>
        <translation>
            <numerusform>传输中 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="227"/>
        <source>%n failed</source>
        <translation>
            <numerusform>失败 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="233"/>
        <source>none stored</source>
        <translation>无缓存消息</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="234"/>
        <source>%n stored (buffers %1)</source>
        <translation>
            <numerusform>已缓存 %n 条（接收缓存 %1）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="239"/>
        <source>nothing yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="242"/>
        <source>%1  %2: %3</source>
        <translation>%1  %2：%3</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="249"/>
        <source>Last error — %1 %2: %3</source>
        <translation>最近错误 — %1 %2：%3</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="255"/>
        <source>— then %1 %2: %3</source>
        <translation>— 随后 %1 %2：%3</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="261"/>
        <source>Fix: %1</source>
        <translation>解决方法：%1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="393"/>
        <source>Latest — %1</source>
        <translation>最新 — %1</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="394"/>
        <source>Latest — AT+%1: %2</source>
        <translation>最新 — AT+%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="289"/>
        <source>Open the module&apos;s port first</source>
        <translation>请先打开模块的串口</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="384"/>
        <source>%1 — waiting for the module…</source>
        <translation>%1 — 正在等待模块…</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="386"/>
        <source>%1 — %2 (%3 ms)</source>
        <translation>%1 — %2（%3 ms）</translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="388"/>
        <source>%1 — not sent: %2</source>
        <translation>%1 — 未发送：%2</translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotDetailDialog</name>
    <message>
        <location filename="../ui/slotdetail.cpp" line="434"/>
        <source>Slot %1 — QMT Scope</source>
        <translation>客户端 %1 — QMT Scope</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="435"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="436"/>
        <source>&amp;Text</source>
        <translation>文本(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="437"/>
        <source>&amp;Hex</source>
        <translation>Hex(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="438"/>
        <source>&amp;JSON</source>
        <translation>JSON(&amp;J)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="439"/>
        <source>The payload as UTF-8 text (Alt+T)</source>
        <translation>以 UTF-8 文本显示负载（Alt+T）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="440"/>
        <source>The payload&apos;s bytes in hex (Alt+H)</source>
        <translation>以 hex 显示负载的字节（Alt+H）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="441"/>
        <source>The payload as indented JSON (Alt+J)</source>
        <translation>以缩进的 JSON 显示负载（Alt+J）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="442"/>
        <source>Select a message to see its payload</source>
        <translation>选择一条消息以查看其负载</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="443"/>
        <source>Copy payload</source>
        <translation>复制负载</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="445"/>
        <source>Copy the selected message&apos;s payload as text (%1)</source>
        <translation>以文本复制所选消息的负载（%1）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="447"/>
        <source>Copy topic</source>
        <translation>复制主题</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="448"/>
        <source>Copy as hex</source>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="450"/>
        <source>Copy the payload&apos;s bytes in hex, a space between bytes</source>
        <translation>以十六进制复制负载字节，字节间以空格分隔</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="451"/>
        <source>Copy as JSON</source>
        <translation>复制为 JSON</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="453"/>
        <source>Copy the payload as indented JSON, keys in the order sent</source>
        <translation>以缩进的 JSON 复制负载，键保持发送时的顺序</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="454"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="460"/>
        <source>As the traffic has shown it: values never read back or set are the module&apos;s power-up defaults. “Read configuration” asks the module.</source>
        <translation>依据通信记录所显示的内容：从未回读或设置过的值为模块上电时的默认值。“读取配置”会向模块查询。</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="288"/>
        <source>network %1</source>
        <translation>网络%1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="289"/>
        <source>MQTT %1</source>
        <translation>MQTT %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="294"/>
        <source>client ID %1</source>
        <translation>客户端 ID %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="295"/>
        <source>%n published</source>
        <translation>
            <numerusform>已发布 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="296"/>
        <source>%n received</source>
        <translation>
            <numerusform>已接收 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="297"/>
        <source>%n in flight</source>
        <translation>
            <numerusform>传输中 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="299"/>
        <source>%n stored</source>
        <translation>
            <numerusform>缓存 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="303"/>
        <source>Last error — %1 %2: %3 (%4)</source>
        <translation>最近错误 — %1 %2：%3（%4）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="308"/>
        <location filename="../ui/slotdetail.cpp" line="323"/>
        <source>Fix: %1</source>
        <translation>解决方法：%1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="310"/>
        <source>No error</source>
        <translation>无错误</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="317"/>
        <source>Last +%1: %2,%3 — %4 (%5)</source>
        <translation>最近一次 +%1: %2,%3 — %4（%5）</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="326"/>
        <source>No +QMTSTAT since the module started</source>
        <translation>自模块启动以来没有 +QMTSTAT</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="340"/>
        <source>&amp;Messages (%1)</source>
        <translation>消息（%1）(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="341"/>
        <source>&amp;Subscriptions (%1)</source>
        <translation>订阅（%1）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="342"/>
        <source>&amp;Configuration</source>
        <translation>配置(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="398"/>
        <source>%1 · %2 · length %3</source>
        <translation>%1 · %2 · 长度 %3</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="402"/>
        <source>&lt;payload_len&gt; %1</source>
        <translation>&lt;payload_len&gt; %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="403"/>
        <source>msg ID %1</source>
        <translation>消息 ID %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="405"/>
        <source>from buffer %1</source>
        <translation>来自接收缓存 %1</translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="411"/>
        <source>Incomplete. %1</source>
        <translation>不完整。%1</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TimelineView</name>
    <message>
        <location filename="../ui/timelineview.cpp" line="114"/>
        <source>The timeline fills as the session runs or a log is read.</source>
        <translation>会话运行或读取日志时，时间线会逐步填充。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsFilesPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="162"/>
        <source>Certificate files</source>
        <translation>证书文件</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="164"/>
        <source>Choose what your MQTT server asks for. Each file is checked here, then uploaded to the module with AT+QFUPL.</source>
        <translation>选择 MQTT 服务器要求的文件。每个文件都会先在此检查，然后用 AT+QFUPL 上传到模块。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="174"/>
        <source>0 — encryption only, no certificate checked</source>
        <translation>0 — 仅加密，不验证证书</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="175"/>
        <source>1 — verify the server (CA certificate)</source>
        <translation>1 — 验证服务器（CA 证书）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="176"/>
        <source>2 — verify the server and the client (CA, client certificate and key)</source>
        <translation>2 — 验证服务器和客户端（CA、客户端证书和私钥）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="177"/>
        <source>&amp;Security level:</source>
        <translation>安全级别(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="189"/>
        <source>PEM private key, e.g. client.key</source>
        <translation>PEM 私钥，例如 client.key</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="190"/>
        <source>PEM certificate, e.g. %1</source>
        <translation>PEM 证书，例如 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="193"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="208"/>
        <source>Use the demo&apos;s certificates</source>
        <translation>使用演示证书</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="210"/>
        <source>The CA, client certificate and key the demo made at start; its broker&apos;s TLS listener requires that client certificate</source>
        <translation>演示启动时生成的 CA、客户端证书和私钥；其代理的 TLS 监听端口要求该客户端证书</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="225"/>
        <source>The broker checks client certificates with this &amp;CA too</source>
        <translation>代理服务器也用此 CA 校验客户端证书(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="227"/>
        <source>The module uses the CA certificate only to check the server. Tick this if the broker also checks the client certificate against it (one CA for both, as in most private set-ups): then a client certificate from another CA stops the upload.</source>
        <translation>模块只用 CA 证书校验服务器。若代理服务器也用它校验客户端证书（两者共用一个 CA，多数私有部署如此），请勾选此项：此时来自其他 CA 的客户端证书会阻止上传。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="247"/>
        <source>Upload despite these &amp;warnings</source>
        <translation>忽略这些警告继续上传(&amp;W)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="254"/>
        <source>Keys encrypted with a passphrase cannot be used: the module has no way to enter one. Only the file paths are remembered, never their contents.</source>
        <translation>不能使用由密码短语加密的私钥：模块无法输入密码短语。只会记住文件路径，绝不保存文件内容。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="292"/>
        <source>No module is connected: you can prepare the files, but the upload needs an open port.</source>
        <translation>未连接模块：可以先准备文件，但上传需要已打开的串口。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="330"/>
        <source>Private keys (*.key *.pem);;All files (*)</source>
        <translation>私钥 (*.key *.pem);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="331"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="333"/>
        <source>Choose the %1</source>
        <translation>选择%1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="352"/>
        <source>Not needed at security level %1.</source>
        <translation>安全级别 %1 下不需要。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="356"/>
        <source>There is no file %1.</source>
        <translation>文件 %1 不存在。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsModulePage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="439"/>
        <source>On the module</source>
        <translation>模块端</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="440"/>
        <source>Where the files are stored, which SSL context gets them, and which MQTT client slot uses that context.</source>
        <translation>文件存储在哪里、由哪个 SSL 上下文使用，以及哪个 MQTT 客户端使用该上下文。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="447"/>
        <source>RAM — lost when the module restarts (as in the vendor&apos;s example)</source>
        <translation>RAM — 模块重启后丢失（与厂商示例相同）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="449"/>
        <source>UFS — the module&apos;s flash, kept across restarts</source>
        <translation>UFS — 模块的闪存，重启后仍保留</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="450"/>
        <source>S&amp;tore in:</source>
        <translation>存储位置(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="455"/>
        <source>%1 as:</source>
        <translation>%1保存为：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="468"/>
        <source>SSL &amp;context:</source>
        <translation>SSL 上下文(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="470"/>
        <source>&amp;Bind client slot</source>
        <translation>绑定客户端(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="479"/>
        <source>to this context (AT+QMTCFG=&quot;ssl&quot;)</source>
        <translation>到此上下文（AT+QMTCFG=&quot;ssl&quot;）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsSettingsPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="578"/>
        <source>TLS settings</source>
        <translation>TLS 设置</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="580"/>
        <source>The values of the vendor&apos;s AWS IoT example are preset. Upload starts when you go on.</source>
        <translation>已预设厂商 AWS IoT 示例中的值。继续下一步时开始上传。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="582"/>
        <source>&amp;Upload</source>
        <translation>上传(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="588"/>
        <source>SSL 3.0 (insecure)</source>
        <translation>SSL 3.0（不安全）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="589"/>
        <source>TLS 1.0</source>
        <translation>TLS 1.0</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="590"/>
        <source>TLS 1.1</source>
        <translation>TLS 1.1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="591"/>
        <source>TLS 1.2</source>
        <translation>TLS 1.2</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="592"/>
        <source>All — the module and the server agree</source>
        <translation>全部 — 由模块与服务器协商</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="594"/>
        <source>&amp;Version:</source>
        <translation>版本(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="609"/>
        <source>One suite, or 0XFFFF for every suite the module supports. Type another hex value if your module lists more.</source>
        <translation>指定一个套件，或用 0XFFFF 表示模块支持的所有套件。如果你的模块列出了更多套件，可输入其他 hex 值。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="611"/>
        <source>C&amp;ipher suite:</source>
        <translation>加密套件(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="613"/>
        <source>&amp;Ignore the certificates&apos; validity dates</source>
        <translation>忽略证书有效期(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="618"/>
        <source>A module without network time often has a wrong clock and would refuse valid certificates.</source>
        <translation>没有网络时间的模块时钟往往不准，会拒绝有效的证书。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="624"/>
        <source>Leave the module&apos;s setting (not sent)</source>
        <translation>保留模块的设置（不发送）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="625"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="626"/>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="627"/>
        <source>Server &amp;name indication:</source>
        <translation>服务器名称指示(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="629"/>
        <source>Turn it on when the server&apos;s address is shared by several host names, as with most cloud MQTT services.</source>
        <translation>当服务器地址由多个主机名共用时（如大多数云 MQTT 服务），请开启此项。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="635"/>
        <source>What will be sent:</source>
        <translation>将要发送的内容：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="702"/>
        <source>The cipher suite must be a hex value from 0X0000 to 0XFFFF, e.g. 0XC02F.</source>
        <translation>加密套件必须是 0X0000 到 0XFFFF 之间的 hex 值，例如 0XC02F。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="705"/>
        <source>No module is connected: open a port first.</source>
        <translation>未连接模块：请先打开串口。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsSummaryPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="944"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="952"/>
        <source>Commands that answered OK:</source>
        <translation>返回 OK 的命令：</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="966"/>
        <source>RAM: files are gone after the module restarts: run this wizard again then.</source>
        <translation>RAM：模块重启后文件会丢失，届时请再次运行此向导。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsUploadPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="737"/>
        <source>Upload and configure</source>
        <translation>上传并配置</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="738"/>
        <source>Each file is uploaded with AT+QFUPL; the module&apos;s checksum must match ours.</source>
        <translation>每个文件都用 AT+QFUPL 上传；模块的校验和必须与本地计算的一致。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="746"/>
        <location filename="../ui/tlswizard.cpp" line="904"/>
        <source>%v of %m bytes</source>
        <translation>%v / %m 字节</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="765"/>
        <source>&amp;Delete and retry</source>
        <translation>删除并重试(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="767"/>
        <source>&amp;Keep the module&apos;s file</source>
        <translation>保留模块上的文件(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="769"/>
        <source>&amp;Stop here</source>
        <translation>在此停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="782"/>
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="815"/>
        <source>Uploading the %1 as %2 …</source>
        <translation>正在将%1上传为 %2 …</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="816"/>
        <source>→ %1 (%2 bytes)</source>
        <translation>→ %1（%2 字节）</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="825"/>
        <source>module %1 / ours %2 ✓</source>
        <translation>模块 %1 / 本地 %2 ✓</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="827"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="832"/>
        <source>The module already has a file %1. Delete it and upload the %2 again, or keep the module&apos;s file (it cannot be verified)?</source>
        <translation>模块上已有文件 %1。要删除它并重新上传%2，还是保留模块上的文件（无法校验）？</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="837"/>
        <source>%1 already exists on the module</source>
        <translation>模块上已存在 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="841"/>
        <source>%1 deleted</source>
        <translation>已删除 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="845"/>
        <source>kept the module&apos;s file</source>
        <translation>已保留模块上的文件</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="846"/>
        <source>kept the module&apos;s file, %1 bytes</source>
        <translation>已保留模块上的文件，%1 字节</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="849"/>
        <source>kept</source>
        <translation>已保留</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="850"/>
        <source>%1 kept</source>
        <translation>已保留 %1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="853"/>
        <source>%1 → OK</source>
        <translation>%1 → OK</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="856"/>
        <source>stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="859"/>
        <source>Stopped. Nothing more was sent to the module.</source>
        <translation>已停止。未再向模块发送任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="860"/>
        <source>stopped by you</source>
        <translation>已被用户停止</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="869"/>
        <source>Done: client slot %1 uses SSL context %2.</source>
        <translation>完成：客户端 %1 使用 SSL 上下文 %2。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="870"/>
        <source>Done: SSL context %1 is set up.</source>
        <translation>完成：SSL 上下文 %1 已设置完毕。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="900"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="915"/>
        <source>No module is connected: open a port first.</source>
        <translation>未连接模块：请先打开串口。</translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="917"/>
        <source>The upload could not start.</source>
        <translation>无法开始上传。</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsWizard</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="985"/>
        <source>TLS wizard</source>
        <translation>TLS 向导</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TopicListEdit</name>
    <message>
        <location filename="../ui/formfields.cpp" line="292"/>
        <location filename="../ui/formfields.cpp" line="430"/>
        <source>Add topic</source>
        <translation>添加主题</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="417"/>
        <source>topic filter, e.g. sensors/+/temperature or alerts/#</source>
        <translation>主题过滤器，例如 sensors/+/temperature 或 alerts/#</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="418"/>
        <source>topic filter to unsubscribe from</source>
        <translation>要退订的主题过滤器</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="420"/>
        <source>Requested QoS</source>
        <translation>请求的 QoS</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="421"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="422"/>
        <source>Remove this topic</source>
        <translation>移除此主题</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TrafficFollower</name>
    <message>
        <location filename="../ui/trafficfollow.cpp" line="74"/>
        <source>Jump to end</source>
        <translation>跳到末尾</translation>
    </message>
    <message>
        <location filename="../ui/trafficfollow.cpp" line="75"/>
        <source>Follow new traffic again (Ctrl+End)</source>
        <translation>重新跟随新的通信记录（Ctrl+End）</translation>
    </message>
</context>
<context>
    <name>qmt::ui::TrafficPanel</name>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="309"/>
        <source>Both directions</source>
        <translation>双向</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="310"/>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="311"/>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="312"/>
        <source>Show frames sent to the module, received from it, or both</source>
        <translation>显示发送到模块的帧、从模块接收的帧，或两者</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="313"/>
        <source>All slots</source>
        <translation>全部客户端</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="315"/>
        <source>Slot %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="316"/>
        <source>No slot</source>
        <translation>无客户端</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="317"/>
        <source>Show the frames of one client slot (client_idx)</source>
        <translation>显示某一个客户端（client_idx）的帧</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="321"/>
        <source>Show every kind</source>
        <translation>显示所有类型</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="322"/>
        <source>Only errors and URCs</source>
        <translation>仅错误和 URC</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="323"/>
        <source>Show only some kinds of frame</source>
        <translation>仅显示部分类型的帧</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="427"/>
        <source>Search with a regular expression (Ctrl+F)</source>
        <translation>用正则表达式搜索 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="428"/>
        <source>Search text (Ctrl+F)</source>
        <translation>搜索文本（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="326"/>
        <source>Shows only the frames whose text matches, over the whole session</source>
        <translation>只显示文本匹配的帧，范围是整个会话</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="327"/>
        <source>Match case (otherwise A and a are the same letter)</source>
        <translation>区分大小写（否则 A 与 a 视为同一字母）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="328"/>
        <source>Regular expression (Perl syntax, e.g. QMTSTAT: [0-5],[1-7]), as qmtscope-cli search --regex takes it</source>
        <translation>正则表达式（Perl 语法，例如 QMTSTAT: [0-5],[1-7]），与 qmtscope-cli search --regex 相同</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="330"/>
        <location filename="../ui/trafficpanel.cpp" line="609"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="331"/>
        <source>Copy the selected rows (Ctrl+C)</source>
        <translation>复制选中的行（Ctrl+C）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="332"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="333"/>
        <source>Write the rows shown to a text file (Ctrl+Shift+S)</source>
        <translation>将显示的行写入文本文件（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="334"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="335"/>
        <source>Forget every frame recorded so far (the console is cleared too)</source>
        <translation>丢弃目前记录的所有帧（控制台也会一并清空）</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="356"/>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="356"/>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="336"/>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/trafficpanel.cpp" line="288"/>
        <source>Exported %Ln row(s)</source>
        <translation>
            <numerusform>已导出 %Ln 行</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="419"/>
        <source>Filtering…</source>
        <translation>正在过滤…</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="476"/>
        <source>That row is hidden by the filter</source>
        <translation>该行被过滤条件隐藏</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="524"/>
        <source>The end of the session (its last %1 rows), shown while the whole journal is read</source>
        <translation>会话的结尾（最后 %1 行），整个记录读完之前先显示</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="527"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="529"/>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="542"/>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="542"/>
        <source>Kinds: %1 of %2</source>
        <translation>类型：%1 / %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/trafficpanel.cpp" line="576"/>
        <source>Exporting %Ln row(s) to %1…</source>
        <translation>
            <numerusform>正在将 %Ln 行导出到 %1…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="596"/>
        <source>Export traffic</source>
        <translation>导出通信记录</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="597"/>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="616"/>
        <source>Only slot %1</source>
        <translation>仅客户端 %1</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="621"/>
        <source>Only “%1”</source>
        <translation>仅“%1”</translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="627"/>
        <source>Show everything</source>
        <translation>显示全部</translation>
    </message>
</context>
<context>
    <name>qmt::ui::language</name>
    <message>
        <location filename="../ui/language.cpp" line="63"/>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>qmtscope-cli</name>
    <message>
        <location filename="../app/cli/main.cpp" line="33"/>
        <source>Usage: qmtscope-cli decode [--compact] [--include-secrets] [--explain | --raw] &lt;file | -&gt;
       qmtscope-cli diagnose [--json] [--html FILE] &lt;file | -&gt;   (see diagnose --help)
       qmtscope-cli timeline [--output FILE.svg|FILE.png] &lt;file | -&gt;   (see timeline --help)
       qmtscope-cli export [--format text|jsonl|html] [-o FILE] &lt;journal | log&gt;   (see export --help)
       qmtscope-cli search [--regex] [--slot N] [--dir rx|tx] &lt;text&gt; &lt;journal&gt;   (see search --help)
       qmtscope-cli reproduce &lt;log&gt; [--sequence-out FILE] [--sim | --port PATH] [--json]  (reproduce --help)
       qmtscope-cli e2e (--port PATH | --sim) --broker HOST:PORT [--slot N] [--qos Q]  (e2e --help)
       qmtscope-cli --help | --version
  Reads a transcript (raw bytes from a module, a session journal, or a log as people send them:
  timestamps, direction markers, notes, typographic quotes, hex dumps, data left
  out; - reads stdin), runs it through the QMT Scope pipeline and prints the
  final state of the six MQTT client slots as JSON. What the import had to fix
  or could not read is summed up on stderr, with line numbers.
  --explain  prints, per line of the file, how it was read, instead of the JSON
  --raw      feeds the bytes as they are, as a port gives them (no import)
  Exit status: 0 decoded, 1 usage error, 2 the file cannot be read.
</source>
        <translation>用法：qmtscope-cli decode [--compact] [--include-secrets] [--explain | --raw] &lt;文件 | -&gt;
      qmtscope-cli diagnose [--json] [--html 文件] &lt;文件 | -&gt;   （见 diagnose --help）
      qmtscope-cli timeline [--output 文件.svg|文件.png] &lt;文件 | -&gt;   （见 timeline --help）
      qmtscope-cli export [--format text|jsonl|html] [-o 文件] &lt;会话记录 | 日志&gt;   （见 export --help）
      qmtscope-cli search [--regex] [--slot N] [--dir rx|tx] &lt;文本&gt; &lt;会话记录&gt;   （见 search --help）
      qmtscope-cli reproduce &lt;日志&gt; [--sequence-out 文件] [--sim | --port 路径] [--json]  （reproduce --help）
      qmtscope-cli e2e (--port 路径 | --sim) --broker 主机:端口 [--slot N] [--qos Q]  （e2e --help）
      qmtscope-cli --help | --version
  读取一份记录（模块的原始字节、会话记录，或人们发来的日志：时间戳、方向标记、
  注释、排版引号、十六进制转储、省略的数据；- 表示读取标准输入），经 QMT Scope
  处理流程处理后，以 JSON 输出六个 MQTT 客户端的最终状态。导入时修正或无法读取
  的内容会汇总输出到标准错误，并带行号。
  --explain  逐行输出文件的每一行是如何读取的，代替 JSON
  --raw      按端口给出的原样送入字节（不做导入）
  退出状态：0 已解码，1 用法错误，2 文件无法读取。
</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="61"/>
        <source> (slot %1)</source>
        <translation>（客户端 %1）</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="65"/>
        <source>command %1</source>
        <translation>命令 %1</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="69"/>
        <source>prompt</source>
        <translation>提示符</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/main.cpp" line="71"/>
        <source>data (%n byte(s))</source>
        <translation>
            <numerusform>数据（%n 字节）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="85"/>
        <source>text answer</source>
        <translation>文本应答</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="87"/>
        <source>not AT traffic</source>
        <translation>非 AT 通信</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="157"/>
        <source>no subcommand given</source>
        <translation>未指定子命令</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="180"/>
        <location filename="../app/cli/main.cpp" line="196"/>
        <location filename="../app/cli/diagnose.cpp" line="53"/>
        <location filename="../app/cli/reproduce.cpp" line="143"/>
        <location filename="../app/cli/e2e.cpp" line="229"/>
        <location filename="../app/cli/timeline.cpp" line="85"/>
        <location filename="../app/cli/export.cpp" line="102"/>
        <location filename="../app/cli/search.cpp" line="75"/>
        <source>unknown option %1</source>
        <translation>未知选项 %1</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="181"/>
        <source>unknown subcommand %1</source>
        <translation>未知子命令 %1</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="201"/>
        <location filename="../app/cli/diagnose.cpp" line="58"/>
        <location filename="../app/cli/timeline.cpp" line="90"/>
        <location filename="../app/cli/export.cpp" line="107"/>
        <source>one file only; %1 is a second</source>
        <translation>只能指定一个文件；%1 是第二个</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="205"/>
        <source>decode needs a file (or - for stdin)</source>
        <translation>decode 需要一个文件（或用 - 表示标准输入）</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="208"/>
        <source>--explain reads a log; --raw does not</source>
        <translation>--explain 读取日志；--raw 不读取日志</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="222"/>
        <source>--explain reads a log, not a journal</source>
        <translation>--explain 读取日志，而不是会话记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/main.cpp" line="297"/>
        <source>qmtscope-cli: %n line(s) were not AT traffic (kept and counted)
</source>
        <translation>
            <numerusform>qmtscope-cli：%n 行不是 AT 通信（已保留并计数）
</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="26"/>
        <source>Usage: qmtscope-cli diagnose [--json] [--html FILE] &lt;file | -&gt;
  Reads a log (as decode does), and names every failure it shows per slot, in
  time order: what happened, what it means, the likely causes, the fix and the
  command that caused it, with the lines of the file; then the patterns behind
  them (URCs on another port, data lengths, TLS without a CA, settings after
  connecting, keep-alive, client ids, PDP context, module restarts).
  --html FILE  also writes a one-file HTML report: the slots, the timeline,
               the findings and the log with its lines (no secrets).
  Exit status: 0 no error found, 3 errors found, 1 usage error, 2 a file
  cannot be read or written.
</source>
        <translation>用法：qmtscope-cli diagnose [--json] [--html 文件] &lt;文件 | -&gt;
  读取日志（与 decode 相同），按客户端、按时间顺序指出其中的每个故障：发生了什么、
  含义、可能原因、解决方法以及引起它的命令，并附文件中的行号；还会指出故障背后的
  规律（URC 输出到其他端口、数据长度、TLS 缺少 CA、连接后才修改配置、保活时间、
  客户端 ID、PDP 上下文、模块重启）。
  --html 文件  同时写出一个单文件 HTML 报告：客户端状态、时间线、发现的问题，
               以及带行号的日志（不含机密）。
  退出状态：0 未发现错误，3 发现错误，1 用法错误，2 无法读取或写入文件。
</translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="48"/>
        <source>--html needs a file name</source>
        <translation>--html 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="62"/>
        <source>diagnose needs a file (or - for stdin)</source>
        <translation>diagnose 需要一个文件（或用 - 表示标准输入）</translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="91"/>
        <location filename="../app/cli/timeline.cpp" line="136"/>
        <location filename="../app/cli/export.cpp" line="135"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="104"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../app/cli/cliinput.cpp" line="18"/>
        <location filename="../app/cli/cliinput.cpp" line="24"/>
        <location filename="../app/cli/cliinput.cpp" line="37"/>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="69"/>
        <source>Usage: qmtscope-cli reproduce &lt;log&gt; [--sequence-out FILE.qmtseq]
                              [--sim | --port PATH [--baud N]] [--json]
                              [--max-delay DURATION] [--delay-scale X]
  Turns a customer&apos;s log into a sequence: the host&apos;s commands and data, the
  customer&apos;s answers (final result, information responses, the command&apos;s result
  URC) as expectations, the pauses between commands as delays. Data the log left
  out stays a placeholder, named in the step&apos;s note.
  --sequence-out FILE  writes the sequence (.qmtseq); without a run and without
                       this option the sequence is printed
  --sim                plays it against the simulated module (needs mosquitto: a
                       private broker on loopback stands in for every host; a log
                       that sets up TLS gets a TLS listener, and certificates of a
                       throw-away CA stand in for uploads the log left out)
  --port PATH          plays it against the module on this serial port
  --baud N             the port&apos;s speed (default 115200)
  --json               the comparison as JSON instead of two columns
  --max-delay D        caps each delay (500ms, 2s, 1m; 0: no delays)
  --delay-scale X      multiplies the log&apos;s pauses (0.1: ten times faster)
  Exit status: 0 no divergence (or nothing run), 1 usage error, 2 the log cannot be
  read or the sequence written, 3 the module or simulator cannot be reached,
  4 the answers diverge.
</source>
        <translation>用法：qmtscope-cli reproduce &lt;日志&gt; [--sequence-out 文件.qmtseq]
                              [--sim | --port 路径 [--baud N]] [--json]
                              [--max-delay 时长] [--delay-scale X]
  把客户的日志变成一个序列：主机的命令和数据，客户收到的应答（最终结果、信息响应、
  命令的结果 URC）作为期望值，命令之间的停顿作为延时。日志中省略的数据保留为
  占位符，并在该步骤的注释中写明。
  --sequence-out 文件  写出序列（.qmtseq）；既不运行也不给此选项时输出序列
  --sim                针对模拟模块运行（需要 mosquitto：回环上的私有代理替代所有
                       主机；设置了 TLS 的日志会得到一个 TLS 监听端口，并用临时 CA
                       的证书替代日志中省略的上传文件）
  --port 路径          针对此串口上的模块运行
  --baud N             端口速率（默认 115200）
  --json               以 JSON 输出比较结果，而不是两栏
  --max-delay D        限制每个延时的上限（500ms、2s、1m；0：无延时）
  --delay-scale X      日志停顿的倍数（0.1：快十倍）
  退出状态：0 没有差异（或未运行），1 用法错误，2 日志无法读取或序列无法写入，
  3 无法连接模块或模拟器，4 应答出现差异。
</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="120"/>
        <source>--sequence-out needs a file name</source>
        <translation>--sequence-out 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="123"/>
        <location filename="../app/cli/e2e.cpp" line="130"/>
        <source>--port needs a device path</source>
        <translation>--port 需要一个设备路径</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="128"/>
        <location filename="../app/cli/e2e.cpp" line="135"/>
        <source>--baud needs a positive number</source>
        <translation>--baud 需要一个正数</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="132"/>
        <source>--max-delay needs a duration: 500ms, 2s or 1m</source>
        <translation>--max-delay 需要一个时长：500ms、2s 或 1m</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="140"/>
        <source>--delay-scale needs a number, 0 or more</source>
        <translation>--delay-scale 需要一个不小于 0 的数</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="148"/>
        <source>one log only; %1 is a second</source>
        <translation>只能有一个日志；%1 是第二个</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="153"/>
        <source>reproduce needs a log (or - for stdin)</source>
        <translation>reproduce 需要一个日志（或用 - 表示标准输入）</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="155"/>
        <source>--sim or --port, not both</source>
        <translation>--sim 和 --port 只能选一个</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="162"/>
        <source>qmtscope-cli: cannot read %1: %2
</source>
        <translation>qmtscope-cli：无法读取 %1：%2
</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="170"/>
        <source>qmtscope-cli: %1 shows no command of the host: nothing to reproduce
</source>
        <translation>qmtscope-cli：%1 中没有主机发出的命令：无可复现
</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="175"/>
        <source>Reproduction of %1</source>
        <translation>%1 的复现</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/reproduce.cpp" line="184"/>
        <source>qmtscope-cli: %n step(s) send placeholders for data the log left out (lines %1); fill them in the sequence
</source>
        <translation>
            <numerusform>qmtscope-cli：%n 个步骤发送的是日志中省略数据的占位符（第 %1 行）；请在序列中填入
</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="244"/>
        <source>qmtscope-cli: the log sets up TLS, but the simulator&apos;s certificates could not be made (%1): its TLS steps will differ
</source>
        <translation>qmtscope-cli：日志设置了 TLS，但无法生成模拟器的证书（%1）：其 TLS 步骤将会不同
</translation>
    </message>
    <message>
        <location filename="../app/cli/clicommon.cpp" line="33"/>
        <source>qmtscope-cli: cannot start the simulator&apos;s MQTT broker (mosquitto): %1
</source>
        <translation>qmtscope-cli：无法启动模拟器的 MQTT 服务器（mosquitto）：%1
</translation>
    </message>
    <message>
        <location filename="../app/cli/clicommon.cpp" line="45"/>
        <source>qmtscope-cli: cannot start the simulated module
</source>
        <translation>qmtscope-cli：无法启动模拟模块
</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="256"/>
        <source>ours (simulated module)</source>
        <translation>我方（模拟模块）</translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="262"/>
        <source>ours (%1)</source>
        <translation>我方（%1）</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="25"/>
        <source>Usage: qmtscope-cli timeline [--output FILE.svg|FILE.png] [--width N] [--slot N]
                             [--from T] [--to T] &lt;file | -&gt;
  Reads a log (as decode does) and draws its timeline: per slot, the network and
  MQTT state over time, messages published and received, errors and restarts.
  --output  a .png or .svg file (default: SVG on stdout)
  --width   the picture&apos;s width in pixels (300-20000, default 1200)
  --slot    only this slot (0-5)
  --from, --to  the part shown: seconds from the log&apos;s start, or event numbers
            when the log has no times
  Exit status: 0 drawn, 1 usage error, 2 the file cannot be read or written.
</source>
        <translation>用法：qmtscope-cli timeline [--output 文件.svg|文件.png] [--width N] [--slot N]
                            [--from T] [--to T] &lt;文件 | -&gt;
  读取日志（与 decode 相同）并绘制其时间线：每个客户端的网络和 MQTT 状态随时间的
  变化、发布和接收的消息、错误和重启。
  --output  .png 或 .svg 文件（默认：SVG 输出到标准输出）
  --width   图片宽度，单位像素（300-20000，默认 1200）
  --slot    只画这个客户端（0-5）
  --from, --to  显示的部分：从日志开始起的秒数；日志没有时间时为事件序号
  退出状态：0 已绘制，1 用法错误，2 无法读取或写入文件。
</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="57"/>
        <source>--output needs a file name</source>
        <translation>--output 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="62"/>
        <source>--output must name a .svg or .png file, not %1</source>
        <translation>--output 必须是 .svg 或 .png 文件，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="68"/>
        <source>--width takes a number of pixels from 300 to 20000</source>
        <translation>--width 取 300 到 20000 之间的像素数</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="75"/>
        <source>--slot takes a client_idx from 0 to 5</source>
        <translation>--slot 取 0 到 5 之间的 client_idx</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="80"/>
        <source>%1 takes a number of seconds (or events) from 0</source>
        <translation>%1 取从 0 起的秒数（或事件数）</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="95"/>
        <source>timeline needs a file (or - for stdin)</source>
        <translation>timeline 需要一个文件（或用 - 表示标准输入）</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="97"/>
        <source>--to must come after --from</source>
        <translation>--to 必须在 --from 之后</translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="141"/>
        <source>%1: %2 × %3 pixels</source>
        <translation>%1：%2 × %3 像素</translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="46"/>
        <source>Usage: qmtscope-cli export [--format text|jsonl|html] [--output FILE] [--from TIME] [--to TIME]
                           [--hide TEXT]... [--include-secrets] &lt;journal or log | -&gt;
  Writes a session (a journal, or a log as decode reads it) or a time range of it:
    text   one timestamped line per frame (&quot;2026-12-05 01:22:23.123 TX: AT…&quot;), which
           File &gt; Import Log and decode read back;
    jsonl  one JSON object per frame: time, dir, slot, kind, command, fields, text;
    html   one file: the slots, the timeline, the findings with their fixes, the traffic.
  The format follows the output file&apos;s suffix when --format is not given (else text).
  --from/--to TIME  local date and time (2026-12-05T01:22:00) or seconds since the epoch;
                    frames from TIME (inclusive) to TIME (exclusive)
  Secrets are written as ***: AT+QMTCONN user names and passwords, aliauth device
  secrets, private keys uploaded with AT+QFUPL, and every TEXT given with --hide (also
  in hex and base64). --include-secrets writes them as they are.
  Exit status: 0 written, 1 usage error, 2 a file cannot be read or written.
</source>
        <translation>用法：qmtscope-cli export [--format text|jsonl|html] [--output 文件] [--from 时间] [--to 时间]
                           [--hide 文本]... [--include-secrets] &lt;会话记录或日志 | -&gt;
  写出一个会话（会话记录，或按 decode 方式读取的日志）或其中一段时间：
    text   每帧一行并带时间戳（&quot;2026-12-05 01:22:23.123 TX: AT…&quot;），
           可由 文件 &gt; 导入日志 和 decode 重新读入；
    jsonl  每帧一个 JSON 对象：时间、方向、客户端、类型、命令、字段、文本；
    html   单个文件：客户端、时间线、诊断结果及其修复方法、通信数据。
  未给出 --format 时格式取自输出文件的后缀（否则为 text）。
  --from/--to 时间  本地日期和时间（2026-12-05T01:22:00）或自纪元起的秒数；
                    从该时间（含）到该时间（不含）的帧
  机密写成 ***：AT+QMTCONN 的用户名和密码、aliauth 设备密钥、用 AT+QFUPL 上传的
  私钥，以及每个用 --hide 给出的文本（其十六进制和 base64 形式也一样）。
  --include-secrets 按原样写出它们。
  退出状态：0 已写出，1 用法错误，2 文件无法读取或写入。
</translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="84"/>
        <source>--format is text, jsonl or html</source>
        <translation>--format 为 text、jsonl 或 html</translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="88"/>
        <source>%1 needs a file name</source>
        <translation>%1 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="91"/>
        <source>--hide needs a text</source>
        <translation>--hide 需要一段文本</translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="97"/>
        <source>%1 needs a time: 2026-12-05T01:22:00 or seconds</source>
        <translation>%1 需要一个时间：2026-12-05T01:22:00 或秒数</translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="112"/>
        <source>export needs a file (or - for stdin)</source>
        <translation>export 需要一个文件（或用 - 表示标准输入）</translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="23"/>
        <source>Usage: qmtscope-cli search [--regex] [--case] [--slot N] [--dir rx|tx] [--max N] [--json]
                           &lt;text&gt; &lt;journal&gt;
  Reads a whole session journal through the pipeline and prints every frame that holds
  the text (ASCII case ignored unless --case) or matches the regular expression, with
  its frame number (its row in the traffic view after File &gt; Open Session), time,
  direction, slot and text. Secrets are shown as the journal holds them.
  --slot N   frames of client slot N only     --dir rx|tx   received or sent only
  --max N    stops after N hits (default 1000)
  Exit status: 0 found, 3 nothing found, 1 usage error, 2 the journal cannot be read.
</source>
        <translation>用法：qmtscope-cli search [--regex] [--case] [--slot N] [--dir rx|tx] [--max N] [--json]
                           &lt;文本&gt; &lt;会话记录&gt;
  经处理流程读取整个会话记录，输出包含该文本（除非 --case，否则忽略 ASCII 大小写）
  或匹配正则表达式的每一帧，带帧号（文件 &gt; 打开会话 之后它在通信数据视图中的行）、
  时间、方向、客户端和文本。机密按会话记录中的原样显示。
  --slot N   只看客户端 N 的帧          --dir rx|tx   只看接收或发送
  --max N    命中 N 次后停止（默认 1000）
  退出状态：0 找到，3 未找到，1 用法错误，2 会话记录无法读取。
</translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="59"/>
        <source>--slot is 0 to 5</source>
        <translation>--slot 为 0 到 5</translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="64"/>
        <source>--max needs a number above 0</source>
        <translation>--max 需要一个大于 0 的数</translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="73"/>
        <source>--dir is rx or tx</source>
        <translation>--dir 为 rx 或 tx</translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="82"/>
        <source>search needs a text and a journal</source>
        <translation>search 需要一段文本和一个会话记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/search.cpp" line="122"/>
        <source>%n hit(s) in %1 frames</source>
        <translation>
            <numerusform>在 %1 帧中命中 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="125"/>
        <source> (stopped at --max)</source>
        <translation>（在 --max 处停止）</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="49"/>
        <source>Usage: qmtscope-cli e2e (--port PATH [--baud N] | --sim) --broker HOST:PORT
                        [--slot N] [--topic T] [--count N] [--qos Q[,Q...]]
  Proves end-to-end delivery through the broker, both ways, and measures it: the
  desktop connects to the broker as a second MQTT client (the peer); the slot
  publishes on T/up and the peer must receive each message intact; the peer
  publishes on T/down and the slot must report it with +QMTRECV. One message at a
  time; latency from the module&apos;s OK after the data (or the peer&apos;s publish) to the
  arrival, the serial line&apos;s share shown apart. The slot is opened and connected
  first when it is not (to --module-broker, default --broker).
  --port PATH          the module&apos;s AT port      --baud N   its speed (115200)
  --sim                the simulated module in-process, with a private broker
                       (mosquitto); --broker is then not needed
  --sim-fault LINE     a fault for the simulator, e.g. &quot;lose 0 2&quot; (repeatable)
  --sim-latency AIR    the simulator&apos;s air time: 0 (default), cat1, catm, nb, &lt;ms&gt;
  --broker HOST:PORT   where the desktop reaches the broker
  --module-broker HOST:PORT  where the slot opens, when it is not open (default
                       --broker)
  --slot N             the MQTT client slot, 0-5 (default 0)
  --topic T            base topic (default qmtscope/e2e)
  --count N            messages per direction and QoS (default 10)
  --qos Q[,Q...]       QoS levels to check (default 0,1)
  --direction up|down|both   module → peer, peer → module, or both (default)
  --size N             payload bytes, 22 or more (default 32)
  --binary             payloads with every byte value
  --timeout SECONDS    per message (default 15)
  --client-id ID       the slot&apos;s client ID when it connects (qmtscope-e2e)
  --user U --password P   credentials, for the slot&apos;s connect and the peer&apos;s
  --ssl-ctx N          the slot opens with TLS on SSL context N (set up already)
  --ca FILE [--cert FILE --key FILE] [--insecure]   TLS for the peer
  --csv FILE           every message: direction, QoS, sequence, times, result
  Exit status: 0 every message arrived intact, 1 usage error, 3 the module, the
  simulator or the broker cannot be reached, 4 messages lost or damaged, or the
  check stopped.
</source>
        <translation>用法：qmtscope-cli e2e (--port 路径 [--baud N] | --sim) --broker 主机:端口
                        [--slot N] [--topic T] [--count N] [--qos Q[,Q...]]
  经代理服务器双向验证端到端送达并测量：桌面作为第二个 MQTT 客户端（对端）连接
  代理服务器；客户端在 T/up 上发布，对端必须完整收到每条消息；对端在 T/down 上
  发布，客户端必须以 +QMTRECV 报告它。每次一条消息；时延从模组在数据后应答 OK
  （或对端发布）算起直到到达，串口线路所占部分单独列出。客户端尚未连接时先打开
  并连接它（连到 --module-broker，默认为 --broker）。
  --port 路径          模组的 AT 口           --baud N   其波特率（115200）
  --sim                进程内的模拟模组，带私有代理服务器（mosquitto）；此时不需要
                       --broker
  --sim-fault 行       给模拟器的故障，例如 &quot;lose 0 2&quot;（可重复）
  --sim-latency 时延   模拟器的空中时延：0（默认）、cat1、catm、nb、&lt;毫秒&gt;
  --broker 主机:端口   桌面访问代理服务器的地址
  --module-broker 主机:端口  客户端未打开时打开到的地址（默认为 --broker）
  --slot N             MQTT 客户端，0-5（默认 0）
  --topic T            基础主题（默认 qmtscope/e2e）
  --count N            每个方向、每个 QoS 的消息条数（默认 10）
  --qos Q[,Q...]       要检查的 QoS 级别（默认 0,1）
  --direction up|down|both   模组 → 对端、对端 → 模组，或双向（默认）
  --size N             载荷字节数，不少于 22（默认 32）
  --binary             载荷包含所有字节值
  --timeout 秒         每条消息的超时（默认 15）
  --client-id ID       客户端连接时使用的客户端 ID（qmtscope-e2e）
  --user U --password P   凭据，用于客户端的连接和对端的连接
  --ssl-ctx N          客户端在 SSL 上下文 N（已配置好）上以 TLS 打开
  --ca 文件 [--cert 文件 --key 文件] [--insecure]   对端的 TLS
  --csv 文件           每条消息：方向、QoS、序号、时间、结果
  退出状态：0 所有消息完整到达，1 用法错误，3 无法连接模组、模拟器或代理服务器，
  4 有消息丢失或损坏，或检查中途停止。
</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="138"/>
        <source>--broker needs HOST:PORT</source>
        <translation>--broker 需要 主机:端口</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="143"/>
        <source>--module-broker needs HOST:PORT</source>
        <translation>--module-broker 需要 主机:端口</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="147"/>
        <source>--sim-fault needs a fault line, e.g. &quot;lose 0 2&quot;</source>
        <translation>--sim-fault 需要一行故障命令，例如 &quot;lose 0 2&quot;</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="152"/>
        <source>--sim-latency needs 0, cat1, catm, nb or milliseconds</source>
        <translation>--sim-latency 需要 0、cat1、catm、nb 或毫秒数</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="158"/>
        <source>--slot needs a client index 0-5</source>
        <translation>--slot 需要客户端索引 0-5</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="162"/>
        <source>--topic needs a topic without wildcards</source>
        <translation>--topic 需要不含通配符的主题</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="167"/>
        <source>--count needs a positive number</source>
        <translation>--count 需要一个正数</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="170"/>
        <source>--size needs a number of bytes, 22 or more</source>
        <translation>--size 需要字节数，不少于 22</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="176"/>
        <source>--timeout needs seconds, 1-3600</source>
        <translation>--timeout 需要秒数，1-3600</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="181"/>
        <source>--qos needs levels, e.g. 0,1,2</source>
        <translation>--qos 需要级别，例如 0,1,2</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="188"/>
        <source>--qos takes 0, 1 and 2, each once: %1</source>
        <translation>--qos 只接受 0、1、2，每个至多一次：%1</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="197"/>
        <source>--direction takes up, down or both</source>
        <translation>--direction 只接受 up、down 或 both</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="202"/>
        <source>--client-id needs an ID</source>
        <translation>--client-id 需要一个 ID</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="206"/>
        <source>--user needs a name</source>
        <translation>--user 需要用户名</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="210"/>
        <source>--password needs a password</source>
        <translation>--password 需要密码</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="215"/>
        <source>--ssl-ctx needs an SSL context 0-5</source>
        <translation>--ssl-ctx 需要 SSL 上下文 0-5</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="219"/>
        <source>%1 needs a file</source>
        <translation>%1 需要一个文件</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="226"/>
        <source>--csv needs a file name</source>
        <translation>--csv 需要文件名</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="233"/>
        <source>e2e needs --port PATH or --sim</source>
        <translation>e2e 需要 --port 路径 或 --sim</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="235"/>
        <source>e2e needs --broker HOST:PORT: where the desktop reaches the broker</source>
        <translation>e2e 需要 --broker 主机:端口：桌面访问代理服务器的地址</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="241"/>
        <source>--broker needs HOST:PORT, not %1</source>
        <translation>--broker 需要 主机:端口，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="244"/>
        <source>--module-broker needs HOST:PORT, not %1</source>
        <translation>--module-broker 需要 主机:端口，而不是 %1</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="251"/>
        <source>nothing to check</source>
        <translation>没有可检查的内容</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="301"/>
        <source>peer: connecting to %1:%2
</source>
        <translation>对端：正在连接 %1:%2
</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="310"/>
        <source>qmtscope-cli: the desktop cannot connect to the broker %1:%2: %3
</source>
        <translation>qmtscope-cli：桌面无法连接代理服务器 %1:%2：%3
</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="327"/>
        <source>%1 QoS %2 #%3: %4
</source>
        <translation>%1 QoS %2 #%3：%4
</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="345"/>
        <source>stopped: %1
</source>
        <translation>已停止：%1
</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="347"/>
        <source>PASS: all %1 messages arrived intact
</source>
        <translation>通过：全部 %1 条消息完整到达
</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="349"/>
        <source>FAIL: %1 of %2 messages arrived intact
</source>
        <translation>失败：%2 条消息中只有 %1 条完整到达
</translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="356"/>
        <source>qmtscope-cli: cannot write %1: %2
</source>
        <translation>qmtscope-cli：无法写入 %1：%2
</translation>
    </message>
</context>
</TS>
