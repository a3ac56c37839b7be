"""Title layouts of red-header documents and gazette reprints (issue #15, third round), written by the team
from GB/T 9704-2012 and from how county and city gazettes print documents, each invented (places, names,
numbers): a title wrapped inside a word; titles without 关于 (…办公室转发…关于…的通知, …印发《…》的通知);
《》 holding “” quotes, wrapped inside them; a title that names another document's 文号; 通报, 命令, 复函
to a deputy; a two-character title spaced out (通　　告); joint 版头 of four issuers in two columns; a
上行文 with two 签发人 stacked (GB/T 9704 7.2.4: the 文号 level with the last one); gazette reprints with no
版头 at all (the 文号 in brackets under the title; a rule with the meeting that passed it as its 题注; a
政府工作报告 with its ——date-and-meeting line and speaker; a 实施意见 whose date note and 文号 share a line).

Typeset and read exactly as redheads.SAMPLES (tests/test_import_redheads.py): four routes, all fields.
"""

from __future__ import annotations

from redheads import Sample

_EVERYONE = "各乡（镇）人民政府，县直各有关单位"

TITLES = [
    Sample("title_wrapped_inside_a_word", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕33号</p>
<h1>河东县人民政府关于进一步加强农村自建房安全管<br>理工作的意见</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>为切实加强农村自建房安全管理，保障人民群众生命财产安全，经县人民政府研究，提出如下意见。</p>
<p>一、严格新建农村自建房审批。乡（镇）人民政府要落实属地责任，严把用地、规划和建设审批关口。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年9月12日</p>""",
           "河东县人民政府关于进一步加强农村自建房安全管理工作的意见", "河政发〔2024〕33号", "河东县人民政府", "2024-09-12",
           _EVERYONE),
    Sample("forwarding_without_guanyu_at_the_start", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕56号</p>
<h1>河东县人民政府办公室转发县发展和改革局<br>关于做好2024年秋粮收购工作意见的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>县发展和改革局《关于做好2024年秋粮收购工作的意见》已经县人民政府同意，现转发给你们，请认真贯彻执行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年9月20日</p>""",
           "河东县人民政府办公室转发县发展和改革局关于做好2024年秋粮收购工作意见的通知", "河政办发〔2024〕56号",
           "河东县人民政府办公室", "2024-09-20", _EVERYONE),
    Sample("party_and_government_offices_print_a_quoted_rule_without_guanyu", """
<p class="red small">中共河东县委办公室</p><p class="red small">河东县人民政府办公室</p><p class="red small">文件</p>
<div class="rule"></div>
<p class="num">河办发〔2024〕12号</p>
<h1>中共河东县委办公室　河东县人民政府办公室<br>印发《河东县党政机关公务用车管理办法》<br>的通知</h1>
<p class="f">各乡（镇）党委、人民政府，县委各部委，县直各单位：</p>
<p>《河东县党政机关公务用车管理办法》已经县委、县人民政府同意，现印发给你们，请结合实际认真贯彻落实。</p>
<p class="sig2" style="margin-top:40pt"><span>中共河东县委办公室</span><span>河东县人民政府办公室</span></p>
<p class="sig">2024年4月15日</p>""",
           "中共河东县委办公室 河东县人民政府办公室印发《河东县党政机关公务用车管理办法》的通知", "河办发〔2024〕12号",
           "中共河东县委办公室、河东县人民政府办公室", "2024-04-15", "各乡（镇）党委、人民政府，县委各部委，县直各单位"),
    Sample("book_title_holding_quotes_wrapped_inside_them", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕27号</p>
<h1>河东县人民政府关于印发《河东县“十四五”综合<br>交通运输发展规划》的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>现将《河东县“十四五”综合交通运输发展规划》印发给你们，请结合实际，认真组织实施。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年6月24日</p>""",
           "河东县人民政府关于印发《河东县“十四五”综合交通运输发展规划》的通知", "河政发〔2024〕27号", "河东县人民政府",
           "2024-06-24", _EVERYONE),
    Sample("title_naming_another_documents_number", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕61号</p>
<h1>河东县人民政府办公室关于废止河政办发〔2019〕12号<br>文件的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>经县人民政府同意，《河东县人民政府办公室关于印发河东县城区临时占道经营管理规定的通知》（河政办发〔2019〕12号）自即日起废止。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年10月8日</p>""",
           "河东县人民政府办公室关于废止河政办发〔2019〕12号文件的通知", "河政办发〔2024〕61号", "河东县人民政府办公室",
           "2024-10-08", _EVERYONE),
    Sample("circular_three_lines", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕8号</p>
<h1>河东县人民政府<br>关于2023年度安全生产目标责任考核<br>结果的通报</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>根据《河东县安全生产目标责任考核办法》，县安全生产委员会对各乡（镇）和县直有关单位2023年度安全生产目标责任落实情况进行了考核。现将考核结果通报如下：</p>
<p>一、考核等次为优秀的单位：城关镇、东山乡、县交通运输局。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年2月20日</p>""",
           "河东县人民政府关于2023年度安全生产目标责任考核结果的通报", "河政发〔2024〕8号", "河东县人民政府", "2024-02-20",
           _EVERYONE),
    Sample("order_of_the_county_government", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕4号</p>
<h1>河东县人民政府<br>关于实施森林防火戒严的命令</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>当前正值春季森林防火紧要期，为切实做好森林防火工作，根据《森林防火条例》有关规定，县人民政府决定：自2024年3月1日至5月31日，在全县范围内实施森林防火戒严。</p>
<p>戒严期间，严禁在林区及距林缘100米范围内野外用火。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年2月28日</p>""",
           "河东县人民政府关于实施森林防火戒严的命令", "河政发〔2024〕4号", "河东县人民政府", "2024-02-28", _EVERYONE),
    Sample("reply_letter_to_a_deputy", """
<p class="red small">河东县人民政府办公室</p><div class="rule"></div>
<p class="numright">河政办函〔2024〕45号</p>
<h1>河东县人民政府办公室<br>关于县十八届人大三次会议第25号建议<br>办理情况的复函</h1>
<p class="f">王丽华代表：</p>
<p>您提出的《关于加快城区老旧小区改造的建议》收悉。经认真研究，现答复如下：</p>
<p>2024年，县住房和城乡建设局已将城关镇东关小区等6个小区列入改造计划，目前已全部开工。</p>
<p>感谢您对我县城市建设工作的关心和支持。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年7月30日</p>""",
           "河东县人民政府办公室关于县十八届人大三次会议第25号建议办理情况的复函", "河政办函〔2024〕45号",
           "河东县人民政府办公室", "2024-07-30", "王丽华代表"),
    Sample("spaced_two_character_title_under_the_issuer", """
<p class="red">河东县人民政府</p><div class="rule"></div>
<h1>河东县人民政府<br>通　　告</h1>
<p class="num">河政告〔2024〕5号</p>
<p>为加强城区道路交通管理，根据《中华人民共和国道路交通安全法》有关规定，现就城区部分道路实行单向通行有关事项通告如下：</p>
<p>一、自2024年11月1日起，城区新华街、文化路实行由北向南单向通行。</p>
<p>二、本通告自发布之日起施行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年10月20日</p>""",
           "河东县人民政府通告", "河政告〔2024〕5号", "河东县人民政府", "2024-10-20", None),
    Sample("four_joint_issuers_in_two_columns", """
<p class="red small" style="font-size:18pt">河东县财政局　河东县教育科技局</p>
<p class="red small" style="font-size:18pt">河东县人力资源和社会保障局　河东县医疗保障局</p>
<p class="red small">文件</p><div class="rule"></div>
<p class="num">河财社〔2024〕22号</p>
<h1>河东县财政局　河东县教育科技局<br>河东县人力资源和社会保障局<br>河东县医疗保障局关于调整城乡居民<br>基本医疗保险财政补助标准的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>根据上级有关文件精神，经县人民政府同意，自2024年1月1日起，城乡居民基本医疗保险财政补助标准提高到每人每年670元。</p>
<p class="sig2" style="margin-top:40pt"><span>河东县财政局</span><span>河东县教育科技局</span></p>
<p class="sig2" style="margin-top:28pt"><span>河东县人力资源和社会保障局</span><span>河东县医疗保障局</span></p>
<p class="sig">2024年3月25日</p>""",
           "河东县财政局 河东县教育科技局 河东县人力资源和社会保障局 河东县医疗保障局关于调整城乡居民基本医疗保险财政补助标准的通知",
           "河财社〔2024〕22号", "河东县财政局、河东县教育科技局、河东县人力资源和社会保障局、河东县医疗保障局", "2024-03-25",
           _EVERYONE),
    Sample("joint_request_with_two_signers_stacked", """
<p class="red small">河东县农业农村局</p><p class="red small">河东县财政局</p><p class="red small">文件</p>
<div class="rule"></div>
<p class="numrow"><span></span><span>签发人：高志强</span></p>
<p class="numrow"><span>河农报〔2024〕7号</span><span style="padding-right:0;margin-right:0">　　　　马建国</span></p>
<h1>河东县农业农村局　河东县财政局<br>关于申请拨付高标准农田建设配套资金的请示</h1>
<p class="f">县人民政府：</p>
<p>2024年我县承担高标准农田建设任务2.5万亩，按照省、市要求，县级需落实配套资金750万元。为确保项目按期完工，特申请县财政拨付配套资金750万元。</p>
<p>妥否，请批示。</p>
<p class="sig2" style="margin-top:40pt"><span>河东县农业农村局</span><span>河东县财政局</span></p>
<p class="sig">2024年5月9日</p>""",
           "河东县农业农村局 河东县财政局关于申请拨付高标准农田建设配套资金的请示", "河农报〔2024〕7号",
           "河东县农业农村局、河东县财政局", "2024-05-09", "县人民政府"),
    Sample("gazette_reprint_number_in_brackets_under_the_title", """
<h1>河东县人民政府<br>关于印发河东县耕地保护补偿办法的通知</h1>
<p class="num">（河政发〔2024〕17号）</p>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>《河东县耕地保护补偿办法》已经县人民政府第24次常务会议研究通过，现印发给你们，请认真贯彻执行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年4月18日</p>""",
           "河东县人民政府关于印发河东县耕地保护补偿办法的通知", "河政发〔2024〕17号", "河东县人民政府", "2024-04-18",
           _EVERYONE),
    Sample("gazette_rule_with_the_meeting_that_passed_it", """
<h1>河东县农村集体资产管理办法</h1>
<p class="center">（2024年6月7日县人民政府第25次常务会议通过）</p>
<p class="center">第一章　总　　则</p>
<p>第一条　为了加强农村集体资产管理，维护农村集体经济组织及其成员的合法权益，根据有关法律、法规，结合本县实际，制定本办法。</p>
<p>第二条　本县行政区域内农村集体资产的管理，适用本办法。</p>""",
           "河东县农村集体资产管理办法", "", "河东县人民政府", "2024-06-07", None),
    Sample("gazette_government_work_report", """
<h1>政府工作报告</h1>
<p class="center">——2024年1月10日在河东县第十八届人民代表大会第三次会议上</p>
<p class="center">县长　刘建华</p>
<p class="f">各位代表：</p>
<p>现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员和其他列席人员提出意见。</p>
<p>一、2023年工作回顾</p>
<p>过去的一年，全县地区生产总值增长5.6%，一般公共预算收入增长7.1%，城乡居民人均可支配收入分别增长5.0%和7.3%。</p>""",
           "政府工作报告", "", "", "2024-01-10", None),
    Sample("gazette_opinion_with_date_and_number_in_one_note", """
<h1>中共河东县委　河东县人民政府<br>关于加快推进县域商业体系建设的实施意见</h1>
<p class="center">（2024年8月2日　河发〔2024〕9号）</p>
<p class="f">各乡（镇）党委、人民政府，县委各部委，县直各单位：</p>
<p>为加快推进县域商业体系建设，促进农村消费提质扩容，结合我县实际，提出如下实施意见。</p>
<p>一、健全县乡村三级物流配送体系。到2025年，实现乡镇快递网点全覆盖，具备条件的行政村快递服务全覆盖。</p>""",
           "中共河东县委 河东县人民政府关于加快推进县域商业体系建设的实施意见", "河发〔2024〕9号",
           "中共河东县委、河东县人民政府", "2024-08-02", "各乡（镇）党委、人民政府，县委各部委，县直各单位"),
    Sample("reply_approving_a_plan_with_its_years_wrapped", """
<p class="red">云川市人民政府文件</p><div class="rule"></div>
<p class="num">云政函〔2024〕36号</p>
<h1>云川市人民政府关于河东县城关镇国土空间总体规划<br>（2021—2035年）的批复</h1>
<p class="f">河东县人民政府：</p>
<p>你县《关于审批河东县城关镇国土空间总体规划（2021—2035年）的请示》（河政报〔2024〕11号）收悉。经研究，现批复如下：</p>
<p>一、原则同意《河东县城关镇国土空间总体规划（2021—2035年）》。</p>
<p>二、你县要严格执行规划，任何单位和个人不得擅自修改。</p>
<p class="sig" style="margin-top:40pt">云川市人民政府</p><p class="sig">2024年5月16日</p>""",
           "云川市人民政府关于河东县城关镇国土空间总体规划（2021—2035年）的批复", "云政函〔2024〕36号", "云川市人民政府",
           "2024-05-16", "河东县人民政府"),
    Sample("minutes_with_a_two_line_masthead", """
<p class="red">河东县人民政府</p><p class="red">常务会议纪要</p><div class="rule"></div>
<p class="num">第8期</p>
<p class="numrow"><span>河东县人民政府办公室</span><span>2024年8月26日</span></p>
<h1>县人民政府第30次常务会议纪要</h1>
<p>2024年8月23日，县长刘建华主持召开县人民政府第30次常务会议。会议纪要如下：</p>
<p>一、会议原则通过了《河东县城区集中供热价格调整方案》，由县发展和改革局按程序组织实施。</p>
<p>出席：刘建华、张立新、陈海波</p>""",
           "县人民政府第30次常务会议纪要", "", "河东县人民政府办公室", "2024-08-26", None),
    Sample("gazette_reprint_attachments_listed_before_the_addressees", """
<h1>河东县人民政府办公室关于公布2024年度县级<br>行政许可事项清单的通知</h1>
<p class="num">河政办发〔2024〕48号</p>
<p class="f">附件：1.河东县2024年度县级行政许可事项清单</p>
<p class="att2">2.河东县2024年度取消的行政许可事项目录</p>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>经县人民政府同意，现将河东县2024年度县级行政许可事项清单予以公布，请各单位严格按照清单实施行政许可。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年9月27日</p>""",
           "河东县人民政府办公室关于公布2024年度县级行政许可事项清单的通知", "河政办发〔2024〕48号",
           "河东县人民政府办公室", "2024-09-27", _EVERYONE),
    Sample("title_with_latin_letters_and_a_road_code", """
<p class="red">河东县交通运输局文件</p><div class="rule"></div>
<p class="num">河交发〔2024〕16号</p>
<h1>河东县交通运输局关于G208线河东段<br>路面大修工程期间交通管制的通告</h1>
<p>因G208线河东段路面大修工程施工需要，根据《中华人民共和国道路交通安全法》有关规定，现就施工期间交通管制有关事项通告如下：</p>
<p>一、管制时间：2024年9月1日至2024年11月30日。</p>
<p>二、管制期间，过境车辆请绕行S235线。</p>
<p class="sig" style="margin-top:40pt">河东县交通运输局</p><p class="sig">2024年8月25日</p>""",
           "河东县交通运输局关于G208线河东段路面大修工程期间交通管制的通告", "河交发〔2024〕16号", "河东县交通运输局",
           "2024-08-25", None),
    Sample("letter_spaced_title_and_signature", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕38号</p>
<h1 style="letter-spacing:0.25em">河东县人民政府<br>关于表彰2024年度全县<br>优秀农民工的决定</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>为激励广大农民工爱岗敬业、奋发有为，经县人民政府研究，决定对王建军等20名优秀农民工予以表彰。</p>
<p class="sig" style="margin-top:40pt;letter-spacing:0.5em">河东县人民政府</p><p class="sig">2024年12月2日</p>""",
           "河东县人民政府关于表彰2024年度全县优秀农民工的决定", "河政发〔2024〕38号", "河东县人民政府", "2024-12-02", _EVERYONE),
    Sample("web_page_with_its_buttons_and_publishing_line", """
<h1>河东县人民政府办公室关于做好2024年冬季<br>清洁取暖工作的通知</h1>
<p class="center" style="font-size:10pt">发布时间：2024-11-05　来源：县政府办公室　【字体：大 中 小】</p>
<p class="num">河政办发〔2024〕66号</p>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>为确保群众温暖过冬，经县人民政府同意，现就做好2024年冬季清洁取暖工作通知如下：</p>
<p>一、各乡（镇）要于11月15日前完成清洁取暖设备检修。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年11月4日</p>
<p class="center" style="font-size:10pt">【打印本页】　【关闭窗口】</p>""",
           "河东县人民政府办公室关于做好2024年冬季清洁取暖工作的通知", "河政办发〔2024〕66号", "河东县人民政府办公室",
           "2024-11-04", _EVERYONE),
    Sample("gazette_reprint_without_a_number", """
<h1>中共河东县委办公室　河东县人民政府办公室<br>关于做好2025年元旦春节期间有关工作的通知</h1>
<p class="f">各乡（镇）党委、人民政府，县委各部委，县直各单位：</p>
<p>2025年元旦、春节即将来临。为确保全县人民度过欢乐祥和的节日，经县委、县人民政府同意，现就有关工作通知如下：</p>
<p>一、切实做好困难群众帮扶工作，确保困难群众基本生活。</p>
<p>二、严格落实节日期间值班制度，遇有重大情况及时报告。</p>
<p class="sig2" style="margin-top:40pt"><span>中共河东县委办公室</span><span>河东县人民政府办公室</span></p>
<p class="sig">2024年12月20日</p>""",
           "中共河东县委办公室 河东县人民政府办公室关于做好2025年元旦春节期间有关工作的通知", "",
           "中共河东县委办公室、河东县人民政府办公室", "2024-12-20", "各乡（镇）党委、人民政府，县委各部委，县直各单位"),
    Sample("copy_number_secrecy_and_urgency_above_the_masthead", """
<p class="f">000018</p><p class="f">机密★1年</p><p class="f">特急</p>
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕71号</p>
<h1>河东县人民政府办公室<br>关于做好寒潮天气防范应对工作的紧急通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>据县气象局预报，12月14日至16日我县将出现寒潮天气，最低气温降幅可达10℃以上。为切实做好防范应对工作，经县人民政府同意，现就有关事项紧急通知如下：</p>
<p>一、各乡（镇）要立即组织排查危旧房屋和农业设施，及时转移受威胁群众。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年12月13日</p>""",
           "河东县人民政府办公室关于做好寒潮天气防范应对工作的紧急通知", "河政办发〔2024〕71号", "河东县人民政府办公室",
           "2024-12-13", _EVERYONE),
    Sample("signature_alone_on_a_page_with_no_text_note", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕41号</p>
<h1>河东县人民政府<br>关于公布河东县第三批县级文物保护单位的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>为加强文物保护工作，经县人民政府同意，现将河东县第三批县级文物保护单位名单予以公布。各乡（镇）、各有关单位要认真贯彻文物工作方针，切实做好文物保护单位的保护管理工作。</p>
<p class="pb">（此页无正文）</p>
<p class="sig" style="margin-top:120pt">河东县人民政府</p><p class="sig">2024年12月16日</p>""",
           "河东县人民政府关于公布河东县第三批县级文物保护单位的通知", "河政发〔2024〕41号", "河东县人民政府", "2024-12-16",
           _EVERYONE),
    Sample("gazette_statistical_communique_with_its_author_and_date", """
<h1>河东县2023年国民经济和社会发展<br>统计公报</h1>
<p class="center">河东县统计局</p>
<p class="center">（2024年3月20日）</p>
<p>2023年，面对复杂多变的外部环境，全县上下坚持稳中求进工作总基调，经济运行总体回升向好。</p>
<p>一、综合</p>
<p>初步核算，全年全县地区生产总值125.6亿元，按不变价格计算，比上年增长5.2%。</p>""",
           "河东县2023年国民经济和社会发展统计公报", "", "河东县统计局", "2024-03-20", None),
    Sample("commendation_order_title", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕44号</p>
<h1>河东县人民政府<br>嘉奖令</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>2024年7月，我县遭遇特大暴雨洪涝灾害，县消防救援大队闻令而动、冲锋在前，成功转移被困群众1260人。为表彰先进，县人民政府决定，对县消防救援大队予以通令嘉奖。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年8月8日</p>""",
           "河东县人民政府嘉奖令", "河政发〔2024〕44号", "河东县人民政府", "2024-08-08", _EVERYONE),
    Sample("department_title_starting_with_guanyu", """
<p class="red">河东县应急管理局文件</p><div class="rule"></div>
<p class="num">河应急发〔2024〕13号</p>
<h1>关于做好2024年汛期安全防范工作的通知</h1>
<p class="f">各乡（镇）应急管理所，县直有关单位：</p>
<p>我县即将进入主汛期，为切实做好汛期安全防范工作，现将有关事项通知如下：</p>
<p>一、各单位要严格执行汛期24小时值班和领导带班制度。</p>
<p class="sig" style="margin-top:40pt">河东县应急管理局</p><p class="sig">2024年5月28日</p>""",
           "关于做好2024年汛期安全防范工作的通知", "河应急发〔2024〕13号", "河东县应急管理局", "2024-05-28",
           "各乡（镇）应急管理所，县直有关单位"),
]
