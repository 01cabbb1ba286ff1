"""Labels of workshop mode (issue #14): the room code, the join panel and the server's limits."""

LABELS: dict[str, tuple[str, str]] = {
    "ws_gate_title": ("Customer Value Dashboard · workshop", "客户价值仪表盘 · 工作坊"),
    "ws_gate_intro": ("This app is served to a workshop room. Enter the room code your trainer shows.",
                      "本应用正在为工作坊提供服务。请输入培训师展示的房间码。"),
    "ws_gate_code": ("Room code", "房间码"),
    "ws_gate_enter": ("Enter", "进入"),
    "ws_gate_wrong": ("That is not this room's code. Check the code your trainer shows and try again.",
                      "房间码不正确。请核对培训师展示的房间码后重试。"),
    "ws_gate_locked": ("{n} wrong codes in this tab: it no longer accepts a code. Ask your trainer for the code and "
                       "open the address again in a new tab.",
                       "本标签页已输错 {n} 次房间码，不再接受输入。请向培训师确认房间码，然后在新标签页中重新打开地址。"),
    "ws_gate_busy": ("Too many wrong codes reached this server in the last minute. Wait a minute, then reload the "
                     "page.", "过去一分钟内本服务器收到过多错误的房间码。请等待一分钟后刷新页面。"),
    "ws_full_title": ("The room is full", "房间已满"),
    "ws_full": ("The server already serves {n} sessions, its limit. Try again in a minute, when someone has left "
                "(the trainer can raise CVD_MAX_SESSIONS).",
                "服务器已达到 {n} 个会话的上限。请稍后在有人离开后重试（培训师可调高 CVD_MAX_SESSIONS）。"),
    "ws_join_title": ("Join this workshop", "加入本工作坊"),
    "ws_join_text": ("Participants open this address on the same network, or scan the code:",
                     "参与者在同一网络中打开此地址，或扫描二维码："),
    "ws_join_code": ("Room code: {code}", "房间码：{code}"),
    "ws_upload_too_big": ("This file is {size} MB; uploads on this server are limited to {limit} MB "
                          "(CVD_MAX_UPLOAD_MB). Export a shorter period, or run the command line on the file.",
                          "此文件为 {size} MB，本服务器的上传上限为 {limit} MB（CVD_MAX_UPLOAD_MB）。"
                          "请导出更短的时间段，或在命令行中处理该文件。"),
    "ws_upload_memory": ("This file is {size} MB; loading it needs about {need} MB of memory, more than the {limit} MB "
                         "a session may use on this server (CVD_SESSION_MEMORY_MB). The file was not read. Export a "
                         "shorter period, or run the command line on the file.",
                         "此文件为 {size} MB，载入约需 {need} MB 内存，超过本服务器每个会话可用的 {limit} MB"
                         "（CVD_SESSION_MEMORY_MB）。文件未被读取。请导出更短的时间段，或在命令行中处理该文件。"),
    "idle_released": ("This tab was idle for {minutes} minutes, so the server released your uploaded file to free memory "
                      "for the room (CVD_IDLE_MINUTES). You are back on the bundled sample; upload the file again on "
                      "the Data page to go on.",
                      "此标签页已闲置 {minutes} 分钟，服务器已释放您上传的文件，为其他参与者腾出内存（CVD_IDLE_MINUTES）。"
                      "现已回到内置示例数据；如需继续，请在“数据”页重新上传文件。"),
}
