"""More red-header documents written by the team (issue #15, second round), in layouts a county gazette meets
and GB/T 9704-2012 describes, each invented (places, names, numbers): no 落款 (issuer from the 版头 XX文件,
date from the note under the title or none at all); a notice with its plan attached and the 版记 at the very
end; a ruled table in an 附件 with a merged 合计 cell; a 规章 whose note says 市人民政府令第N号 and whose title
wraps; a 公告 numbered 第N号 under a title with no 关于; titles of three lines whose middle line ends with a kind
word, and titles with a subtitle in brackets ((2024—2027年), （2023年版）, （第二批）); a title with a quoted
slogan holding a comma, wrapped inside the quotes; a 政府令 that says 现公布《…》; a speech (speaker and date under
the title, 同志们：); a paragraph whose wrap puts 一、 at the start of a printed line (…抢救第 / 一、合理利用…);
a personnel notice, one line per person.

Typeset and read exactly as redheads.SAMPLES (tests/test_import_redheads.py): four routes, all fields.
"""

from __future__ import annotations

from redheads import Sample

# A table as GB/T 9704 sets one in an 附件: ruled, 12 pt, centred heads.
TABLE_CSS = """<style>
table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.5; }
td, th { border: 1px solid #000; padding: 2pt 4pt; text-align: center; font-weight: normal; }
td.l { text-align: left; }
</style>"""

MORE = [
    Sample("decision_without_signature_issuer_from_masthead", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕15号</p>
<h1>河东县人民政府<br>关于调整城区公共租赁住房租金标准的决定</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>为规范城区公共租赁住房管理，减轻保障对象租金负担，经县人民政府研究，决定对城区公共租赁住房租金标准作如下调整：</p>
<p>一、城区公共租赁住房租金标准由每月每平方米8元调整为每月每平方米6元。</p>
<p>二、本决定自2024年7月1日起施行，原有规定与本决定不一致的，以本决定为准。</p>""",
           "河东县人民政府关于调整城区公共租赁住房租金标准的决定", "河政发〔2024〕15号", "河东县人民政府", "",
           "各乡（镇）人民政府，县直各有关单位"),
    Sample("gazette_reprint_date_under_title_no_signature", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<h1>河东县人民政府关于公布第二批县级非物质文化<br>遗产代表性项目名录的决定</h1>
<p class="center">（2024年6月20日）</p>
<p class="num">河政发〔2024〕21号</p>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>为加强非物质文化遗产保护工作，经县人民政府同意，现将第二批县级非物质文化遗产代表性项目名录予以公布。</p>
<p>各乡（镇）、各有关单位要认真贯彻“保护为主、抢救第一、合理利用、传承发展”的工作方针，切实做好名录项目的保护、传承工作。</p>""",
           "河东县人民政府关于公布第二批县级非物质文化遗产代表性项目名录的决定", "河政发〔2024〕21号", "河东县人民政府",
           "2024-06-20", "各乡（镇）人民政府，县直各有关单位"),
    Sample("notice_with_plan_and_record_at_the_end", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕45号</p>
<h1>河东县人民政府办公室<br>关于印发河东县2024年农村人居环境<br>整治提升行动实施方案的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>《河东县2024年农村人居环境整治提升行动实施方案》已经县人民政府同意，现印发给你们，请认真组织实施。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年11月5日</p>
<p>（此件公开发布）</p>
<h1 class="pb">河东县2024年农村人居环境整治<br>提升行动实施方案</h1>
<p>为持续改善农村人居环境，建设宜居宜业和美乡村，结合我县实际，制定本方案。</p>
<p>一、工作目标</p>
<p>到2024年底，全县农村卫生厕所普及率达到75%以上，农村生活垃圾收运处置体系覆盖所有行政村，农村生活污水治理率达到40%以上。</p>
<p>二、重点任务</p>
<p>（一）扎实推进农村厕所革命。各乡（镇）要逐村摸排农村户厕建设和使用情况，对发现的问题建立台账，限期整改到位。</p>
<p>（二）加快推进农村生活污水治理。优先治理乡（镇）政府驻地、中心村和水源保护区内村庄的生活污水。</p>
<div class="rec"><p>抄送：县委办公室，县人大常委会办公室，县政协办公室，县纪委监委，县法院，县检察院，县人武部，云川市农业农村局。</p>
<p class="row"><span>河东县人民政府办公室</span><span>2024年11月6日印发</span></p></div>""",
           "河东县人民政府办公室关于印发河东县2024年农村人居环境整治提升行动实施方案的通知", "河政办发〔2024〕45号",
           "河东县人民政府办公室", "2024-11-05", "各乡（镇）人民政府，县直各有关单位"),
    Sample("allocation_with_ruled_table_in_attachment", TABLE_CSS + """
<p class="red">河东县财政局文件</p><div class="rule"></div>
<p class="num">河财预〔2024〕12号</p>
<h1>河东县财政局关于下达2024年第一批<br>衔接推进乡村振兴补助资金的通知</h1>
<p class="f">各乡（镇）人民政府：</p>
<p>根据县乡村振兴领导小组会议研究确定的项目计划，现将2024年第一批衔接推进乡村振兴补助资金下达给你们，请按规定及时拨付使用。</p>
<p class="f" style="padding-left:2em">附件：2024年第一批衔接推进乡村振兴补助资金分配表</p>
<p class="sig" style="margin-top:40pt">河东县财政局</p><p class="sig">2024年3月8日</p>
<p class="f pb">附件</p>
<p class="center" style="font-size:18pt;line-height:1.6">2024年第一批衔接推进乡村振兴补助资金分配表</p>
<p class="numright" style="font-size:12pt">单位：万元</p>
<table><tr><th>序号</th><th>乡（镇）</th><th>金额</th><th>备注</th></tr>
<tr><td>1</td><td>城关镇</td><td>120</td><td class="l">含产业发展项目资金和以工代赈项目资金，按项目进度拨付</td></tr>
<tr><td>2</td><td>东山乡</td><td>85</td><td></td></tr>
<tr><td colspan="2">合计</td><td>205</td><td></td></tr></table>""",
           "河东县财政局关于下达2024年第一批衔接推进乡村振兴补助资金的通知", "河财预〔2024〕12号", "河东县财政局",
           "2024-03-08", "各乡（镇）人民政府"),
    Sample("rule_note_with_city_decree_number_and_wrapped_title", """
<p class="red">云川市人民政府规章</p><div class="rule"></div>
<h1>云川市城市生活垃圾分类和<br>减量管理规定</h1>
<p class="center">（2024年9月3日市人民政府令第41号公布　自2024年12月1日起施行）</p>
<p class="center">第一章　总　　则</p>
<p>第一条　为了加强城市生活垃圾分类和减量管理，改善人居环境，根据有关法律、法规，结合本市实际，制定本规定。</p>
<p>第二条　本市城市规划区内生活垃圾的分类投放、分类收集、分类运输、分类处理及其监督管理，适用本规定。</p>""",
           "云川市城市生活垃圾分类和减量管理规定", "云川市人民政府令第41号", "云川市人民政府", "2024-09-03", None),
    Sample("announcement_numbered_without_guanyu", """
<p class="red">河东县人民政府</p><div class="rule"></div>
<h1>河东县人民政府公告</h1>
<p class="num">第3号</p>
<p>根据《中华人民共和国土地管理法》有关规定，经云川市人民政府批准，河东县2024年度第五批次城镇建设用地已获批准，现将有关事项公告如下：</p>
<p>一、本批次用地位于城关镇东关村，总面积12.36公顷。</p>
<p>二、被征收土地的所有权人、使用权人应在本公告发布之日起30日内，持土地权属证书到县自然资源局办理征地补偿登记。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年8月16日</p>""",
           "河东县人民政府公告", "", "河东县人民政府", "2024-08-16", None),
    Sample("plan_title_with_years_subtitle_three_lines", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕30号</p>
<h1>河东县人民政府<br>关于印发河东县推动大规模设备更新和<br>消费品以旧换新实施方案（2024—2027年）<br>的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>现将《河东县推动大规模设备更新和消费品以旧换新实施方案（2024—2027年）》印发给你们，请认真贯彻执行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年7月22日</p>""",
           "河东县人民政府关于印发河东县推动大规模设备更新和消费品以旧换新实施方案（2024—2027年）的通知",
           "河政发〔2024〕30号", "河东县人民政府", "2024-07-22", "各乡（镇）人民政府，县直各有关单位"),
    Sample("personnel_notice_one_line_per_person", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政任〔2024〕4号</p>
<h1>河东县人民政府<br>关于王海涛等同志职务任免的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>经县人民政府第26次常务会议研究，决定对下列同志职务予以任免。</p>
<p>任命王海涛为河东县发展和改革局副局长；</p>
<p>任命陈丽娟为河东县教育科技局副局长；</p>
<p>免去赵永刚的河东县交通运输局副局长职务。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年5月15日</p>""",
           "河东县人民政府关于王海涛等同志职务任免的通知", "河政任〔2024〕4号", "河东县人民政府", "2024-05-15",
           "各乡（镇）人民政府，县直各有关单位"),
    Sample("decree_promulgating_a_named_rule", """
<p class="red">云川市人民政府令</p>
<p class="num">第52号</p><div class="rule"></div>
<p>现公布《云川市电动自行车管理办法》，自2024年10月1日起施行。</p>
<p class="sig" style="margin-top:28pt">市长　赵国平</p><p class="sig">2024年8月20日</p>
<h1 class="pb">云川市电动自行车管理办法</h1>
<p>第一条　为了加强电动自行车管理，维护道路交通秩序，保障人身和财产安全，根据有关法律、法规，结合本市实际，制定本办法。</p>
<p>第二条　本市行政区域内电动自行车的销售、登记、通行、停放、充电及其监督管理，适用本办法。</p>""",
           "云川市电动自行车管理办法", "云川市人民政府令第52号", "云川市人民政府", "2024-08-20", None),
    Sample("slogan_with_a_comma_in_the_title_wrapped_inside_the_quotes", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕52号</p>
<h1>河东县人民政府办公室关于开展“我为群众<br>办实事，争做文明河东人”主题实践活动<br>的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>为进一步密切党群干群关系，经县人民政府同意，决定在全县开展“我为群众办实事，争做文明河东人”主题实践活动。现将有关事项通知如下：</p>
<p>一、活动时间。2024年6月至12月。</p>
<p>二、活动内容。各单位要围绕群众急难愁盼问题，每季度至少办成一件实事，并在单位网站公开办理情况。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年5月27日</p>""",
           "河东县人民政府办公室关于开展“我为群众办实事，争做文明河东人”主题实践活动的通知", "河政办发〔2024〕52号",
           "河东县人民政府办公室", "2024-05-27", "各乡（镇）人民政府，县直各有关单位"),
    Sample("list_title_with_an_edition_line", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕7号</p>
<h1>河东县人民政府办公室<br>关于公布河东县政府部门权责清单<br>（2023年版）的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>经县人民政府同意，现将《河东县政府部门权责清单（2023年版）》予以公布，请各部门严格按照清单履行职责。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年1月16日</p>""",
           "河东县人民政府办公室关于公布河东县政府部门权责清单（2023年版）的通知", "河政办发〔2024〕7号",
           "河东县人民政府办公室", "2024-01-16", "各乡（镇）人民政府，县直各有关单位"),
    Sample("list_title_with_a_batch_line_under_it", """
<p class="red">河东县文化和旅游局文件</p><div class="rule"></div>
<p class="num">河文旅发〔2024〕9号</p>
<h1>河东县文化和旅游局关于公布河东县乡村旅游<br>重点村名单<br>（第二批）</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>经各乡（镇）推荐、实地核查和社会公示，确定城关镇东关村等6个村为河东县乡村旅游重点村（第二批），现予公布。</p>
<p class="sig" style="margin-top:40pt">河东县文化和旅游局</p><p class="sig">2024年6月28日</p>""",
           "河东县文化和旅游局关于公布河东县乡村旅游重点村名单（第二批）", "河文旅发〔2024〕9号",
           "河东县文化和旅游局", "2024-06-28", "各乡（镇）人民政府，县直各有关单位"),
    Sample("speech_with_speaker_and_date_under_the_title", """
<h1>在全县经济工作会议上的讲话</h1>
<p class="center">县长　刘建华</p>
<p class="center">（2024年1月20日）</p>
<p class="f">同志们：</p>
<p>这次会议的主要任务是，总结2023年全县经济工作，分析当前经济形势，部署2024年经济工作。</p>
<p>一、2023年经济工作回顾</p>
<p>过去一年，全县地区生产总值增长5.8%，一般公共预算收入增长6.2%，主要经济指标好于预期。</p>""",
           "在全县经济工作会议上的讲话", "", "", "2024-01-20", None),
]
